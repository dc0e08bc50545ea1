import type { ResumeStore } from './context';
import { nodeContext } from './node-context';
import type { WeightStore } from './persist';
import type { Values } from './node';
import type { PlannedNode } from './planner';
import { withTensorScope } from './scope';

/**
 * Trained nodes' results (nodes whose def has `persist`) in the executor's weight store, under
 * their cache keys: kept after a run, rebuilt instead of training again, and the state a stopped
 * training continues from. Without a store, or for other nodes, nothing is kept. A store that
 * fails never fails a run: it reads as "nothing saved" and drops the save.
 */
export class TrainedResults {
  constructor(private readonly weights?: WeightStore) {}

  /**
   * A training node's stopped state beside its trained result (under its cache key + '#resume'):
   * Stop keeps where training stood, and the next run of the same node continues from there.
   */
  resumeStore(p: PlannedNode): ResumeStore | undefined {
    const store = this.weights;
    if (!store || !p.resolved.def.persist) return undefined;
    const key = `${p.key}#resume`;
    return {
      load: () => store.get(key).catch(() => undefined),
      save: (state) => store.put(key, state).catch(() => undefined),
      // The store has no delete: an empty entry replaces the state (megabytes for a U-Net).
      clear: () => store.put(key, { tensors: {}, config: {} }).catch(() => undefined),
    };
  }

  /**
   * A trained node's outputs rebuilt from the store, or undefined (not stored, or unusable).
   * `inputsOf` gives its inputs (it may throw: then nothing is restored).
   */
  async restore(p: PlannedNode, signal: AbortSignal, inputsOf: (p: PlannedNode) => Values): Promise<Values | undefined> {
    const persist = p.resolved.def.persist;
    if (!persist || !this.weights) return undefined;
    const stored = await this.weights.get(p.key).catch(() => undefined);
    if (!stored) return undefined;
    try {
      const inputs = inputsOf(p);
      const ctx = nodeContext(p, { signal, emit: () => {}, intervalMs: 0, resumeStore: this.resumeStore(p) });
      return await withTensorScope(async () => persist.restore(stored, inputs, p.resolved.params as never, ctx));
    } catch {
      return undefined; // stale or damaged weights: train again
    }
  }

  /** Keep a trained node's result; a storage failure never fails the run. */
  async save(p: PlannedNode, outputs: Values): Promise<void> {
    const persist = p.resolved.def.persist;
    if (!persist?.save || !this.weights) return;
    try {
      await this.weights.put(p.key, await persist.save(outputs));
    } catch {
      // quota, private mode: the result stays in this session's cache
    }
  }
}
