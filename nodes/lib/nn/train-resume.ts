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
    if (saved.recipe !== recipe) throw new NodeRunError(`the checkpoint of '${nodeId}' was made by another recipe (${saved.recipe}); this node is ${recipe}`);
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
