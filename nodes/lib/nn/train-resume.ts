import { NodeRunError } from '../../../src/engine/context';
import type { Adam } from './adam';
import type { Model } from './model';
import { checkpointsFor } from './train-checkpoints';
import type { TrainLoopOptions } from './train-loop';

/**
 * Continue a checkpointed training node (train-checkpoints.ts): when the host keeps checkpoints
 * of `nodeId`, load the last one into the network's θ and the optimiser (refusing one made by a
 * different recipe or network) and return the train-loop options that resume the curve and save
 * a checkpoint every `every` steps and at the end; without hooks, no options.
 */
export async function resumeFrom(nodeId: string, recipe: string, net: Model, optimizer: Adam): Promise<Pick<TrainLoopOptions, 'resume' | 'checkpointEvery' | 'onCheckpoint'>> {
  const hooks = checkpointsFor(nodeId);
  if (!hooks) return {};
  const saved = await hooks.load(nodeId);
  if (saved) {
    const differs = recipeDifference(saved.recipe, recipe);
    if (differs) throw new NodeRunError(`the checkpoint of '${nodeId}' was made by another recipe (${differs}): resume with the recipe that made it`);
    if (JSON.stringify(saved.config) !== JSON.stringify(net.config)) throw new NodeRunError(`the checkpoint of '${nodeId}' holds a different network (${JSON.stringify(saved.config).slice(0, 200)})`, 'model');
    net.setWeights({ theta: saved.theta });
    optimizer.restore(saved.adam);
  }
  const theta = net.variables.theta;
  return {
    resume: saved?.loop,
    checkpointEvery: hooks.every,
    onCheckpoint: async (loop) => {
      const state = { config: net.config, theta: (await theta.data()) as Float32Array, adam: await optimizer.state(), loop, recipe };
      await hooks.save(nodeId, state);
    },
  };
}

/**
 * What differs between a checkpoint's recipe and this run's, or undefined: the seed and every
 * param the checkpoint names (a param added to the node since, absent from the checkpoint, is
 * taken to keep its default and the checkpoint's meaning).
 */
function recipeDifference(saved: string, current: string): string | undefined {
  const a = JSON.parse(saved) as { params: Record<string, unknown>; seed: number };
  const b = JSON.parse(current) as { params: Record<string, unknown>; seed: number };
  if (a.seed !== b.seed) return `seed ${a.seed}, this run ${b.seed}`;
  for (const [k, v] of Object.entries(a.params)) if (JSON.stringify(v) !== JSON.stringify(b.params[k])) return `${k} = ${JSON.stringify(v)}, this run ${JSON.stringify(b.params[k])}`;
  return undefined;
}
