import * as tf from '@tensorflow/tfjs';
import type { Predictor, Readout } from '../predictor';

/**
 * Exact predictors of Gaussian data N(0, σ0² I) for tests: on the path x_t = a x_0 + s ε,
 * p_t = N(0, V I) with V = a²σ0² + s², so score = −x/V, ε̂ = s·x/V and x̂_0 = a σ0²·x/V.
 */
export function gaussianPredictor(sigma0: number, native: Readout = 'score'): Predictor {
  const v = (a: number, s: number) => a * a * sigma0 * sigma0 + s * s;
  const coef: Record<Readout, (a: number, s: number) => number> = {
    score: (a, s) => -1 / v(a, s),
    eps: (a, s) => s / v(a, s),
    x0: (a, s) => (a * sigma0 * sigma0) / v(a, s),
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
