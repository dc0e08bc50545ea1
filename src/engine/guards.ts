import * as tf from '@tensorflow/tfjs';
import { NodeRunError } from './context';
import type { AnyNodeDef, Values } from './node';
import { portSpec } from './ports';
import type { Schedule, Series } from './values';

/**
 * Numerical guards on every output (issue 17, finding 8): a NaN, an infinity or a value
 * past BLOW_UP_BOUND fails the node that produced it, with the likely cause in words,
 * instead of a "done" node whose numbers poison what comes after.
 *
 * The bound: nothing this lab computes legitimately comes near 1e10 (data live in
 * [−1, 1] or within a few units, VE noise reaches σ_max ≤ 80·few, a score at σ = 0.002
 * is ~2.5e5 per unit of distance); squares of such values overflow float32 (3.4e38) one
 * step later, so a value past it is a divergence caught while its cause is still near.
 */
export const BLOW_UP_BOUND = 1e10;
/** σ² below float32's smallest normal number (1.18e-38) flushes to 0: the score −x/σ² becomes ∞. */
export const SIGMA_FLOOR = Math.sqrt(1.2e-38);

/** What most likely made a node of this category produce such numbers. */
export function likelyCause(def: AnyNodeDef): string {
  switch (def.category) {
    case 'sampler':
    case 'step':
    case 'loop':
      return 'the sampler diverged: its step is too large for this noise level (a Langevin step τ must stay well below σ²; try a smaller step size or more steps)';
    case 'train':
    case 'vae':
      return 'the training diverged: lower the learning rate (or clip the loss weighting at small noise levels)';
    case 'metric':
    case 'loss':
      return 'the computation under- or overflowed: check its bandwidth or scale against the scale of the data (exp(−d²/2h²) is 0 for every pair when h is far below the distances)';
    case 'schedule':
      return 'the schedule leaves float32 range: keep σ and β within their usual bounds';
    default:
      return 'its inputs already hold such values, or a param is far outside the scale of the data';
  }
}

function fail(def: AnyNodeDef, port: string, what: string): NodeRunError {
  return new NodeRunError(`output '${port}' ${what}; likely cause: ${likelyCause(def)}`, port, 'not-finite');
}

/** Whether a tensor holds a NaN/∞, and its largest finite |value|: one readback. */
async function tensorStats(t: tf.Tensor): Promise<{ finite: boolean; maxAbs: number }> {
  if (t.size === 0 || (t.dtype !== 'float32' && t.dtype !== 'int32')) return { finite: true, maxAbs: 0 };
  const stats = tf.tidy(() => {
    // Flat: WebGL and WebGPU have no Select (tf.where) above rank 4, and a trajectory of images [k, N, H, W, C] is rank 5.
    const flat = tf.reshape(t, [-1]).toFloat();
    const ok = tf.isFinite(flat);
    const abs = tf.where(ok, tf.abs(flat), tf.zerosLike(flat));
    return tf.stack([tf.all(ok).toFloat(), tf.max(abs)]);
  });
  const [finite, maxAbs] = await stats.data();
  stats.dispose();
  return { finite: finite === 1, maxAbs };
}

function numberProblem(v: number): string | null {
  if (!Number.isFinite(v)) return `is ${v}`;
  return Math.abs(v) > BLOW_UP_BOUND ? `is ${v.toExponential(2)}, past the blow-up bound ${BLOW_UP_BOUND.toExponential(0)}` : null;
}

function seriesProblem(s: Series): string | null {
  const k = s.y.findIndex((y) => !Number.isFinite(y) || Math.abs(y) > BLOW_UP_BOUND);
  if (k < 0) return null;
  return `(${s.name || s.yLabel}) is ${s.y[k]} at ${s.xLabel || 'x'} = ${s.x[k]}`;
}

function scheduleProblem(s: Schedule): string | null {
  if (s.sigmas) {
    const min = s.sigmas.reduce((m, v) => (v < m ? v : m), Infinity);
    if (!(min >= SIGMA_FLOOR)) return `has σ = ${min} (σ underflow: σ² is below float32's smallest number, so σ must be ≥ ${SIGMA_FLOOR.toExponential(1)})`;
  }
  for (const [name, arr] of [['β', s.betas], ['ᾱ', s.alphaBars]] as const) {
    if (arr && arr.some((v) => !Number.isFinite(v))) return `has a non-finite ${name}`;
  }
  return null;
}

/** Check a node's outputs by port type; throws the NodeRunError of the first bad one. */
export async function guardOutputs(def: AnyNodeDef, outputs: Values): Promise<void> {
  for (const [port, value] of Object.entries(outputs)) {
    const type = Object.hasOwn(def.outputs, port) ? portSpec(def.outputs[port]).type : undefined;
    let problem: string | null = null;
    if (typeof value === 'number') problem = numberProblem(value);
    else if (value instanceof tf.Tensor || (type === 'trajectory' && (value as { frames?: unknown })?.frames instanceof tf.Tensor)) {
      const t = value instanceof tf.Tensor ? value : (value as { frames: tf.Tensor }).frames;
      const { finite, maxAbs } = await tensorStats(t);
      if (!finite) problem = 'holds NaN or infinite values';
      else if (maxAbs > BLOW_UP_BOUND) problem = `reaches |x| = ${maxAbs.toExponential(2)}, past the blow-up bound ${BLOW_UP_BOUND.toExponential(0)}`;
    } else if (type === 'series' && value) problem = seriesProblem(value as Series);
    else if (type === 'schedule' && value) problem = scheduleProblem(value as Schedule);
    if (problem) throw fail(def, port, problem);
  }
}
