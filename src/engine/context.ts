import type { StoredWeights } from './persist';

/** What a node's `run` may use besides its inputs and params. */
export interface RunContext {
  /** Aborted when the run is cancelled; long loops check it between steps. */
  signal: AbortSignal;
  /**
   * Seed for all randomness of this node: derived from the graph seed and the node's
   * own `seed` param, so a run is reproducible and two identical nodes agree.
   */
  seed: number;
  /** Report progress in [0, 1], optionally with a small preview payload (throttled by the caller). */
  progress(fraction: number, preview?: unknown): void;
  /**
   * Yield to the event loop (so cancel and progress messages get through) and throw
   * `CancelledError` if the run was cancelled. Cheap: call it every step or every few steps.
   * On WebGPU it may also wait, now and then, for the GPU to finish the work queued so far
   * (RunOptions.pace), so progress follows finished work and a cancel takes effect soon.
   */
  checkpoint(): Promise<void>;
  /** The tfjs backend the run is on ('wasm', 'webgpu', 'cpu', …). */
  backend: string;
  /** Id of the node being run, for messages. */
  nodeId: string;
  /** For loop nodes: the body, compiled once, to run once per pass. */
  body?: BodyRunner;
  /**
   * Where a training node keeps the state that a stopped run continues from (train-resume.ts):
   * the executor's weight store under the node's cache key, so only the same node with the same
   * params, inputs and seed continues it. Absent without a store (the CLI has checkpoint files).
   */
  resumeStore?: ResumeStore;
}

/** One node's saved training state (see RunContext.resumeStore). */
export interface ResumeStore {
  load(): Promise<StoredWeights | undefined>;
  save(state: StoredWeights): Promise<void>;
  /** Forget the saved state (the training it belongs to has finished). */
  clear(): Promise<void>;
}

/**
 * A loop body compiled to a plan. `run` executes one pass: it feeds `values` (x, level,
 * predictor, schedule…) to the bound ports, runs every body node in order with seeds
 * derived from `seed`, disposes everything the pass made, and returns the body's output
 * (a new tensor the caller owns).
 */
export interface BodyRunner {
  run(values: Record<string, unknown>, seed: number): Promise<unknown>;
  /** Number of nodes in the body's plan. */
  size: number;
}

export class CancelledError extends Error {
  constructor() {
    super('run cancelled');
    this.name = 'CancelledError';
  }
}

/**
 * Why a node failed, as data for the editor and the CLI:
 *   wrong-value   an input's value is not of its port's type or shape (the port guard, or a node's own check);
 *   no-output     `run` left a declared output without a value;
 *   not-finite    an output holds NaN or ±∞ or passes the blow-up bound (guards.ts);
 *   too-large     its work or memory estimate passes a bound (estimate.ts);
 *   failed        anything else the node reports or throws.
 */
export type RunErrorCode = 'wrong-value' | 'no-output' | 'not-finite' | 'too-large' | 'failed';

/** A node's own error: thrown from `run` to fail with a message (and optionally the port at fault). */
export class NodeRunError extends Error {
  /** Set when the node is inside a loop body: its id there (the error is reported on the loop). */
  bodyNode?: string;
  constructor(
    message: string,
    readonly port?: string,
    readonly code: RunErrorCode = 'failed',
  ) {
    super(message);
    this.name = 'NodeRunError';
  }
}
