import * as tf from '@tensorflow/tfjs';
import { NodeRunError } from './context';
import type { PortType } from './ports';
import type { Preview } from './preview';
import type { Classifier, Distribution, Images, LoopLevel, Operator, Points, Predictor, Schedule, ScoreNetwork, Series, Trajectory, VaeNetwork } from './values';

/**
 * The port contract: the TypeScript type of the value on each port type (what `run` gets, see
 * node.ts InputValues) and its run-time guard, which the executor applies to every input before
 * `run` so a node never sees a value of the wrong kind.
 */
export interface PortValues {
  tensor: tf.Tensor;
  distribution: Distribution;
  schedule: Schedule;
  predictor: Predictor;
  'score-net': ScoreNetwork;
  vae: VaeNetwork;
  classifier: Classifier;
  number: number;
  series: Series;
  trajectory: Trajectory;
  images: Images;
  preview: Preview;
  level: LoopLevel;
  operator: Operator;
}

/** What a value on a port of this type must be, or undefined when it is one. */
type PortGuard = (value: unknown) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const hasFunctions = (v: unknown, ...names: string[]) => isObject(v) && names.every((n) => typeof v[n] === 'function');
const isModel = (v: unknown) => isObject(v) && typeof v.kind === 'string' && typeof v.getWeights === 'function' && isObject(v.variables);
const shapeOf = (v: tf.Tensor) => `[${v.shape.join(', ')}]`;
/** Names a model by its kind, anything else by its JS type, for "expected …, got …" messages. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v instanceof tf.Tensor) return `a tensor of shape ${shapeOf(v)}`;
  if (isModel(v)) return `a ${(v as { kind: string }).kind} model`;
  return Array.isArray(v) ? 'an array' : typeof v;
}

/** undefined when `ok`, else "expected <what>, got <what v is>". */
const expect = (v: unknown, ok: boolean, what: string) => (ok ? undefined : `expected ${what}, got ${describeValue(v)}`);

export const PORT_GUARDS: Record<PortType, PortGuard> = {
  tensor: (v) => expect(v, v instanceof tf.Tensor, 'a tensor'),
  images: (v) => expect(v, v instanceof tf.Tensor && v.rank === 4, 'images [N, H, W, C]'),
  distribution: (v) => expect(v, hasFunctions(v, 'sample') && typeof (v as Distribution).dim === 'number', 'a distribution'),
  schedule: (v) => expect(v, hasFunctions(v, 'a', 's'), 'a noise schedule'),
  predictor: (v) => expect(v, hasFunctions(v, 'evaluate'), 'a predictor (score, ε̂ or x̂₀ model)'),
  'score-net': (v) => expect(v, isModel(v) && hasFunctions(v, 'apply'), 'a score network (model/score-mlp, model/unet)'),
  vae: (v) => expect(v, isModel(v) && hasFunctions(v, 'encode', 'decode'), 'a VAE (model/vae)'),
  classifier: (v) => expect(v, isModel(v) && hasFunctions(v, 'logits'), 'an image classifier'),
  number: (v) => expect(v, typeof v === 'number', 'a number'),
  series: (v) => {
    if (!isObject(v) || !Array.isArray(v.x) || !Array.isArray(v.y)) return `expected a series {x[], y[]}, got ${describeValue(v)}`;
    return v.x.length === v.y.length ? undefined : `a series with ${v.x.length} x values but ${v.y.length} y values`;
  },
  trajectory: (v) => {
    if (!isObject(v) || !(v.frames instanceof tf.Tensor) || v.frames.rank < 3) return `expected a trajectory (frames [k, n, …] and times), got ${describeValue(v)}`;
    const k = v.frames.shape[0];
    return Array.isArray(v.times) && v.times.length === k ? undefined : `a trajectory with ${k} frames but ${Array.isArray(v.times) ? v.times.length : 'no'} times`;
  },
  preview: (v) => expect(v, isObject(v) && typeof v.kind === 'string', 'a preview'),
  level: (v) => expect(v, isObject(v) && typeof v.k === 'number' && typeof v.seed === 'number' && typeof v.a === 'number' && typeof v.s === 'number', 'the pass of a loop (bind the loop’s level to this port)'),
  operator: (v) => expect(v, hasFunctions(v, 'apply', 'adjoint') && typeof (v as Operator).sigmaY === 'number', 'a measurement operator (a measure/… node)'),
};

/**
 * Why `value` fits none of `types`, or undefined when it fits one. With several types the
 * message lists the problem with the port's own (first) type.
 */
export function portValueProblem(value: unknown, types: readonly PortType[]): string | undefined {
  const problems = types.map((t) => PORT_GUARDS[t](value));
  return problems.some((p) => p === undefined) ? undefined : problems[0];
}

/** The points [N, D] on `port` (at least `minRows` of them), or a NodeRunError naming the port and the shape. */
export function points(value: tf.Tensor, port: string, minRows = 1): Points {
  if (value.rank !== 2) throw new NodeRunError(`${port}: expected points of shape [N, D], got shape ${shapeOf(value)}`, port);
  if (value.shape[0] < minRows) throw new NodeRunError(`${port}: needs at least ${minRows} point${minRows === 1 ? '' : 's'}, got ${value.shape[0]}`, port);
  return value as Points;
}

/** The images [N, H, W, C] on `port`, or a NodeRunError naming the port and the shape. */
export function images(value: tf.Tensor, port: string, channels?: number): Images {
  if (value.rank !== 4) throw new NodeRunError(`${port}: expected images of shape [N, H, W, C], got shape ${shapeOf(value)}`, port);
  if (channels !== undefined && value.shape[3] !== channels)
    throw new NodeRunError(`${port}: expected images with ${channels} channel${channels === 1 ? '' : 's'} [N, H, W, ${channels}], got shape ${shapeOf(value)}`, port);
  return value as Images;
}
