import * as tf from '@tensorflow/tfjs';
import { PendingEvaluation, stepAttempt } from '../nn/interruptible';
import type { Predictor, Readout } from '../predictor';

/**
 * Every reading of a predictor is affine in x and its native output y (Tweedie):
 *   score = −ε̂/s = (a·x̂_0 − x)/s²,   ε̂ = −s·score,   x̂_0 = (x + s²·score)/a.
 * So an update c_x·x + c_r·R(x) needs no conversion ops: it is (c_x + c_r u)·x + (c_r v)·y.
 */
export interface AffineReading {
  /** The predictor's native output at (x, a, s). Owned by the caller. */
  y: tf.Tensor;
  /** The reading asked for equals u·x + v·y. */
  u: number;
  v: number;
}

/** The score as u·x + v·y of a native reading y. */
function scoreFromNative(native: Readout, a: number, s: number): [number, number] {
  if (native === 'score') return [0, 1];
  if (native === 'eps') return [0, -1 / s];
  if (native === 'x0') return [-1 / (s * s), a / (s * s)];
  // y = p·x + q·score ⇒ score = (y − p·x)/q.
  const [p, q] = readingFromScore(native, a, s);
  return [-p / q, 1 / q];
}

/**
 * A reading as p·x + q·score, from ε̂ = −s·score and x̂_0 = (x + s²·score)/a:
 *   v = (ε̂ − σ x̂_0)/sqrt(1 + σ²) = −s/(a r)·x − s r/a·score,  r = sqrt(a² + s²)  (σ = s/a);
 *   flow = ε̂ − x̂_0 = −x/a − s(a + s)/a·score.
 */
export function readingFromScore(as: Readout, a: number, s: number): [number, number] {
  if (as === 'score') return [0, 1];
  if (as === 'eps') return [0, -s];
  if (as === 'x0') return [1 / a, (s * s) / a];
  if (as === 'v') {
    const r = Math.hypot(a, s);
    return [-s / (a * r), (-s * r) / a];
  }
  return [-1 / a, (-s * (a + s)) / a];
}

/** Evaluate p at (x; a, s) in its native reading and express the reading `as` affinely. */
export function readAffine(p: Predictor, x: tf.Tensor, a: number, s: number, as: Readout): AffineReading {
  const y = p.evaluate(x, a, s);
  if (p.native === as) return { y, u: 0, v: 1 };
  const [u1, v1] = scoreFromNative(p.native, a, s);
  const [pc, qc] = readingFromScore(as, a, s);
  return { y, u: pc + qc * u1, v: qc * v1 };
}

/** Σ c_k·t_k in few ops: terms with c = 0 (or no tensor) are skipped, c = 1 is not multiplied. Returns a new tensor. */
export function combine(terms: readonly (readonly [tf.Tensor | null, number])[]): tf.Tensor {
  return tf.tidy(() => {
    const parts: tf.Tensor[] = [];
    for (const [t, c] of terms) if (t !== null && c !== 0) parts.push(c === 1 ? t : tf.mul(t, c));
    if (parts.length > 1) return tf.addN(parts);
    // A lone unscaled input is cloned: the result must be a tensor the caller owns.
    if (parts.length === 1) return tf.clone(parts[0]);
    const shapeOf = terms.find(([t]) => t !== null)?.[0];
    if (!shapeOf) throw new Error('combine: no tensor given');
    return tf.zerosLike(shapeOf);
  });
}

/**
 * The one primitive of every sampler update:
 *   x_new = c_x·x + c_r·R(x; a, s) + c_z·z
 * with R the reading `as` of the predictor: the predictor's fused evaluateAffine when it has one,
 * else computed from its native output.
 */
export function affineUpdate(
  p: Predictor,
  x: tf.Tensor,
  a: number,
  s: number,
  as: Readout,
  cx: number,
  cr: number,
  z: tf.Tensor | null = null,
  cz = 0,
): tf.Tensor {
  if (p.evaluateAffine) return p.evaluateAffine(x, a, s, as, cx, cr, z, cz);
  return tf.tidy(() => {
    const { y, u, v } = readAffine(p, x, a, s, as);
    return combine([
      [x, cx + cr * u],
      [y, cr * v],
      [z, cz],
    ]);
  });
}

/** A predictor that counts its evaluations (the NFE a sampler reports). */
export function countingPredictor(p: Predictor): { predictor: Predictor; count: () => number } {
  let n = 0;
  // A deferred U-Net call (nn/interruptible.ts) ends its step's attempt with PendingEvaluation and the
  // step runs again from the start, replaying the calls it made: only the attempt that completes counts.
  let attempt = -1;
  let inAttempt = 0;
  const predictor: Predictor = {
    name: p.name,
    native: p.native,
    evaluate: (x, a, s) => {
      if (stepAttempt() !== attempt) [attempt, inAttempt] = [stepAttempt(), 0];
      let y: tf.Tensor;
      try {
        y = p.evaluate(x, a, s);
      } catch (e) {
        if (e instanceof PendingEvaluation) [n, inAttempt] = [n - inAttempt, 0];
        throw e;
      }
      n += 1;
      inAttempt += 1;
      return y;
    },
  };
  const fused = p.evaluateAffine?.bind(p);
  if (fused)
    predictor.evaluateAffine = (...args) => {
      n += 1;
      return fused(...args);
    };
  return { predictor, count: () => n };
}
