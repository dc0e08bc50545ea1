import type { ModelConfig } from './model';
import type { AdamState } from './adam';
import type { TrainLoopProgress } from './train-loop';

/**
 * Checkpoints of a training node, for long runs that must survive a killed process: the
 * network's θ, Adam's moments and weight average, the step reached and the loss curve so far,
 * and the node's recipe (its params and seed) so a checkpoint is never continued by a different
 * recipe. A run continued from a checkpoint draws the same batches and noise at every step
 * (each is seeded by the step index), so its loss curve is the one of an uninterrupted run.
 *
 * Where checkpoints live is the host's business: the CLI installs hooks that read and write
 * safetensors files (src/cli/checkpoints.ts); without hooks nothing is saved.
 */
export interface TrainingState {
  config: ModelConfig;
  theta: Float32Array;
  adam: AdamState;
  loop: TrainLoopProgress;
  /** The node's params and the run's seed, as JSON. */
  recipe: string;
}

export interface TrainingCheckpoints {
  /** Steps between checkpoints. */
  every: number;
  /** The saved state of this node, if any. */
  load(nodeId: string): Promise<TrainingState | undefined>;
  /** Keep this state (the latest replaces the one before). */
  save(nodeId: string, state: TrainingState): Promise<void>;
  /** Which nodes are checkpointed (others train as usual). */
  nodes: readonly string[];
}

let installed: TrainingCheckpoints | undefined;

/** Install (or remove, with undefined) the checkpoint hooks for the runs that follow. */
export function setTrainingCheckpoints(hooks: TrainingCheckpoints | undefined): void {
  installed = hooks;
}

/** The hooks for this node, if it is checkpointed. */
export function checkpointsFor(nodeId: string): TrainingCheckpoints | undefined {
  return installed?.nodes.includes(nodeId) ? installed : undefined;
}

/** The recipe string of a node's params and seed (keys sorted, so equal recipes give equal strings). */
export function recipeOf(params: Record<string, unknown>, seed: number): string {
  const sorted = Object.fromEntries(Object.keys(params).sort().map((k) => [k, params[k]]));
  return JSON.stringify({ params: sorted, seed });
}
