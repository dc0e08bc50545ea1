import type { RunContext } from './context';
import type { Values } from './node';

/**
 * Trained results kept across sessions: a node that trains (a model) declares how its
 * outputs are saved as named tensors and rebuilt from them, and the executor keeps them in
 * a WeightStore (IndexedDB in the browser) under the node's cache key. Reopening a graph,
 * or re-running what is downstream, then restores the model instead of training it again.
 */
export interface StoredTensor {
  shape: number[];
  data: Float32Array;
}

export interface StoredWeights {
  tensors: Record<string, StoredTensor>;
  /** JSON-safe data the node needs to rebuild its outputs (model config, loss curve…). */
  config: Record<string, unknown>;
}

export interface WeightStore {
  get(key: string): Promise<StoredWeights | undefined>;
  put(key: string, weights: StoredWeights): Promise<void>;
}

export interface Persist {
  /**
   * What to keep of a finished run's outputs. Absent: the node keeps nothing of its own runs and
   * restores only what was put in the store for it (a model node's weights loaded from a file).
   */
  save?(outputs: Values): Promise<StoredWeights>;
  /** Rebuild the outputs from what was kept, without training (inputs and params as for `run`). */
  restore(stored: StoredWeights, inputs: Values, params: never, ctx: RunContext): Promise<Values> | Values;
}

/** A WeightStore in memory (tests; a session without IndexedDB). */
export class MemoryWeightStore implements WeightStore {
  readonly entries = new Map<string, StoredWeights>();
  async get(key: string) {
    return this.entries.get(key);
  }
  async put(key: string, weights: StoredWeights) {
    this.entries.set(key, weights);
  }
}
