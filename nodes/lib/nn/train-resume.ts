import { NodeRunError, type RunContext } from '../../../src/engine/context';
import type { StoredWeights } from '../../../src/engine/persist';
import type { Adam } from './adam';
import type { Model, ModelConfig } from './model';
import { checkpointsFor, type TrainingState } from './train-checkpoints';
import type { TrainLoopOptions, TrainLoopProgress } from './train-loop';

/**
 * Continue a training node from where it stood. Two hosts keep that state:
 *   - the CLI's checkpoint files (train-checkpoints.ts, `--checkpoint`): the last checkpoint of
 *     `ctx.nodeId` is loaded into the network's θ and the optimiser (one made by a different recipe
 *     or network is refused), and a checkpoint is saved every `every` steps and at the end;
 *   - the executor's weight store (ctx.resumeStore, the editor): Stop saves the state reached, and
 *     the next run of the same node (same cache key: params, inputs, seed) continues from it. A
 *     state that does not fit this run is ignored (training starts afresh).
 * Every step draws its batch and noise from (seed, step), so a continued run ends with the
 * uninterrupted run's loss curve and weights. Without either host, no options.
 */
export async function resumeFrom(
  ctx: Pick<RunContext, 'nodeId' | 'resumeStore'>,
  recipe: string,
  net: Model,
  optimizer: Adam,
): Promise<Pick<TrainLoopOptions, 'resume' | 'checkpointEvery' | 'onCheckpoint' | 'checkpointOnCancel' | 'onFinish'>> {
  const nodeId = ctx.nodeId;
  const state = async (loop: TrainLoopProgress): Promise<TrainingState> => ({ config: net.config, theta: (await net.variables.theta.data()) as Float32Array, adam: await optimizer.state(), loop, recipe });
  const hooks = checkpointsFor(nodeId);
  if (hooks) {
    const saved = await hooks.load(nodeId);
    if (saved) {
      const differs = recipeDifference(saved.recipe, recipe);
      if (differs) throw new NodeRunError(`the checkpoint of '${nodeId}' was made by another recipe (${differs}): resume with the recipe that made it`);
      if (JSON.stringify(saved.config) !== JSON.stringify(net.config)) throw new NodeRunError(`the checkpoint of '${nodeId}' holds a different network (${JSON.stringify(saved.config).slice(0, 200)})`, 'model');
      restore(saved, net, optimizer);
    }
    return { resume: saved?.loop, checkpointEvery: hooks.every, onCheckpoint: async (loop) => hooks.save(nodeId, await state(loop)) };
  }
  const store = ctx.resumeStore;
  if (!store) return {};
  const saved = fromStored(await store.load());
  const fits = saved && !recipeDifference(saved.recipe, recipe) && JSON.stringify(saved.config) === JSON.stringify(net.config) && saved.theta.length === net.variables.theta.size;
  if (saved && fits) restore(saved, net, optimizer);
  return {
    resume: fits ? saved.loop : undefined,
    checkpointOnCancel: true,
    onCheckpoint: async (loop) => store.save(toStored(await state(loop))),
    onFinish: saved ? () => store.clear() : undefined,
  };
}

function restore(saved: TrainingState, net: Model, optimizer: Adam): void {
  net.setWeights({ theta: saved.theta });
  optimizer.restore(saved.adam);
}

/** A training state as weight-store entry: θ and Adam's vectors as tensors, the rest as JSON. */
export function toStored(s: TrainingState): StoredWeights {
  const vec = (data: Float32Array) => ({ shape: [data.length], data });
  const tensors: StoredWeights['tensors'] = { theta: vec(s.theta), m: vec(s.adam.m), v: vec(s.adam.v) };
  if (s.adam.avg) tensors.avg = vec(s.adam.avg);
  return { tensors, config: { kind: 'training-state', config: s.config, loop: s.loop, recipe: s.recipe, t: s.adam.t } };
}

/** The training state of a weight-store entry made by toStored, or undefined for anything else. */
export function fromStored(w: StoredWeights | undefined): TrainingState | undefined {
  if (!w || w.config.kind !== 'training-state') return undefined;
  const { theta, m, v, avg } = w.tensors;
  const c = w.config as { config: ModelConfig; loop: TrainLoopProgress; recipe: string; t: number };
  if (!theta || !m || !v) return undefined;
  return { config: c.config, theta: theta.data, adam: { m: m.data, v: v.data, avg: avg?.data, t: c.t }, loop: c.loop, recipe: c.recipe };
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
