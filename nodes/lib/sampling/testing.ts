import * as tf from '@tensorflow/tfjs';
import type { Predictor, Readout } from '../predictor';
import { readingFromScore } from './readout';

/**
 * Exact predictors of Gaussian data N(0, σ0² I) for tests: on the path x_t = a x_0 + s ε,
 * p_t = N(0, V I) with V = a²σ0² + s², so score = −x/V, ε̂ = s·x/V and x̂_0 = a σ0²·x/V.
 */
export function gaussianPredictor(sigma0: number, native: Readout = 'score'): Predictor {
  const v = (a: number, s: number) => a * a * sigma0 * sigma0 + s * s;
  // v and flow as p·x + q·score of the exact score −x/V (readout.ts).
  const fromScore = (r: Readout) => (a: number, s: number) => {
    const [p, q] = readingFromScore(r, a, s);
    return p - q / v(a, s);
  };
  const coef: Record<Readout, (a: number, s: number) => number> = {
    score: (a, s) => -1 / v(a, s),
    eps: (a, s) => s / v(a, s),
    x0: (a, s) => (a * sigma0 * sigma0) / v(a, s),
    v: fromScore('v'),
    flow: fromScore('flow'),
  };
  return { name: `N(0, ${sigma0}²) exact ${native}`, native, evaluate: (x, a, s) => tf.mul(x, coef[native](a, s)) };
}

/** Tensor values as a plain array of numbers. */
export async function values(t: tf.Tensor): Promise<number[]> {
  return Array.from(await t.data());
}

/** N(0, 1) data's exact score, throwing on its k-th call after allocating its output (as a failing network would). */
export function failingOn(k: number): Predictor {
  const inner = gaussianPredictor(1);
  let calls = 0;
  return {
    name: 'fails',
    native: 'score',
    evaluate: (x, a, s) => {
      const y = inner.evaluate(x, a, s);
      if (++calls === k) throw new Error(`predictor failed at call ${calls}`);
      return y;
    },
  };
}

/**
 * The exact predictor of Gaussian images N(μ, c² I) (every pixel independent, mean image μ of
 * shape S = [H, W, C]) on the path x_t = a x_0 + s ε: p_t = N(aμ, V I) with V = a²c² + s², so
 *   score = (aμ − x)/V,  ε̂ = s(x − aμ)/V,  x̂_0 = μ + a c²(x − aμ)/V.
 * μ broadcasts over the batch, so the same predictor reads images [N, …S] or, given μ flattened,
 * points [N, size(S)]: the two give the same numbers element for element.
 */
export function gaussianImagePredictor(mu: tf.Tensor, c: number, native: 'score' | 'eps' | 'x0' = 'eps'): Predictor {
  const v = (a: number, s: number) => a * a * c * c + s * s;
  return {
    name: `N(μ, ${c}²) images, exact ${native}`,
    native,
    evaluate: (x, a, s) =>
      tf.tidy(() => {
        if (!tf.util.arraysEqual(x.shape.slice(1), mu.shape)) throw new Error(`x of shape [${x.shape}] does not hold samples of shape [${mu.shape}]`);
        const y = tf.sub(x, tf.mul(mu, a)); // x − aμ
        if (native === 'score') return tf.mul(y, -1 / v(a, s));
        if (native === 'eps') return tf.mul(y, s / v(a, s));
        return tf.add(mu, tf.mul(y, (a * c * c) / v(a, s)));
      }),
  };
}
