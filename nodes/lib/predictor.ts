import * as tf from '@tensorflow/tfjs';
import { readingFromScore } from './sampling/readout';
import type { Predictor, Readout } from '../../src/engine/values';

/**
 * A predictor is one function of (x, a, s) that can be read three ways (Tweedie):
 *   score:  ∇ log p_t(x)
 *   eps:    ε̂  = −s · score
 *   x0:     x̂_0 = (x + s² · score) / a
 *   v:      v̂ = (ε̂ − σ x̂_0)/sqrt(1 + σ²), σ = s/a: Salimans & Ho's v = a ε − s x_0 on the VP path
 *           at the same σ (a = 1/sqrt(1 + σ²), s = σ a), which keeps it the same on every path
 *   flow:   û = ε̂ − x̂_0: the rectified-flow velocity dx/dτ of the path a = 1 − τ, s = τ at the same σ
 * Like ε̂ and x̂_0, v̂ and û depend on (x, σ) only, so a network trained to predict them on one
 * path serves every other.
 * It evaluates in its native reading; `readAs` converts.
 *
 * x is a batch of any rank [N, …]: points [n, d] or images [N, H, W, C] (NHWC, values in [−1, 1]).
 * Every reading is elementwise in x given the batch, so the conversions and every sampler update
 * work on any shape; a predictor that only understands one (the exact mixture score takes points,
 * a U-Net takes images) says so with a NodeRunError naming the port and the shape it got.
 */
export type { Predictor, Readout } from '../../src/engine/values';

/** Convert a reading y of kind `from` at (x, a, s) into kind `to`. */
export function convertReadout(y: tf.Tensor, x: tf.Tensor, a: number, s: number, from: Readout, to: Readout): tf.Tensor {
  if (from === to) return tf.clone(y);
  if (!isTweedie(from) || !isTweedie(to)) {
    // Every reading is p·x + q·score (sampling/readout.ts): score = (y − p_f x)/q_f, then p_t x + q_t·score.
    const [pf, qf] = readingFromScore(from, a, s);
    const [pt, qt] = readingFromScore(to, a, s);
    return tf.tidy(() => tf.add(tf.mul(x, pt - (qt * pf) / qf), tf.mul(y, qt / qf)));
  }
  return tf.tidy(() => {
    // Go through the score: score = −ε̂/s = (a x̂_0 − x)/s².
    const score = from === 'score' ? y : from === 'eps' ? tf.div(y, -s) : tf.div(tf.sub(tf.mul(y, a), x), s * s);
    if (to === 'score') return score;
    if (to === 'eps') return from === 'x0' ? tf.div(tf.sub(x, tf.mul(y, a)), s) : tf.mul(score, -s);
    // to x0
    if (from === 'eps') return tf.div(tf.sub(x, tf.mul(y, s)), a);
    return tf.div(tf.add(x, tf.mul(score, s * s)), a);
  });
}

/** The three readings of Tweedie's formula, converted op by op as ever (the same numbers as before v and flow joined). */
const isTweedie = (r: Readout): r is 'score' | 'eps' | 'x0' => r === 'score' || r === 'eps' || r === 'x0';

/** Evaluate a predictor and read it as `as`. */
export function readAs(p: Predictor, x: tf.Tensor, a: number, s: number, as: Readout): tf.Tensor {
  const y = p.evaluate(x, a, s);
  if (p.native === as) return y;
  const out = convertReadout(y, x, a, s, p.native, as);
  y.dispose();
  return out;
}
