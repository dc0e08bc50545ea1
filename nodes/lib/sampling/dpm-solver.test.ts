import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { integratorWeights, lambdaOf, multistepUpdate, pathAtLambda, type DpmAlgorithm } from './dpm-solver';
import { values } from './testing';

/**
 * The exponential integrator's weights against the exact integral for a model value quadratic in λ,
 * M(λ_u + r) = M + r·M′ + r²/2·M″, in closed form:
 *   ++:    s_t ∫ e^λ M dλ = a_t ∫_0^h e^{r−h}(…) dr,  ∫_0^h e^{r−h} r^k dr from e^r(1), e^r(r − 1), e^r(r² − 2r + 2);
 *   noise: −a_t ∫ e^{−λ} M dλ = −s_t ∫_0^h e^{h−r}(…) dr.
 */
function exactIntegral(alg: DpmAlgorithm, h: number, at: number, st: number, [m, m1, m2]: number[]): number {
  if (alg === 'dpmsolver++') {
    const i0 = 1 - Math.exp(-h);
    const i1 = h - 1 + Math.exp(-h);
    const i2 = h * h - 2 * h + 2 - 2 * Math.exp(-h);
    return at * (m * i0 + m1 * i1 + (m2 / 2) * i2);
  }
  const i0 = Math.exp(h) - 1;
  const i1 = Math.exp(h) - 1 - h;
  const i2 = 2 * (Math.exp(h) - 1 - h - (h * h) / 2);
  return -st * (m * i0 + m1 * i1 + (m2 / 2) * i2);
}

const ALGS: DpmAlgorithm[] = ['dpmsolver++', 'dpmsolver'];

describe('DPM-Solver integrator', () => {
  it.each(ALGS)('%s: weights integrate a quadratic model exactly (float64)', (alg) => {
    const M = [0.7, -1.3, 2.1];
    for (const [lu, lt] of [[-2, -1.4], [0.1, 0.9], [1.5, 4]]) {
      const [u, t] = [pathAtLambda('vp', lu), pathAtLambda('vp', lt)];
      const w = integratorWeights(alg, u, t);
      expect(w.h).toBeCloseTo(lt - lu, 12);
      const got = w.w0 * M[0] + w.w1 * w.h * M[1] + w.w2 * w.h * w.h * M[2];
      expect(Math.abs(got - exactIntegral(alg, w.h, t.a, t.s, M))).toBeLessThan(1e-12);
      expect(w.cx).toBeCloseTo(alg === 'dpmsolver++' ? t.s / u.s : t.a / u.a, 14);
    }
  });

  it('pathAtLambda inverts λ = log(a/s) on VP (a² + s² = 1) and VE (a = 1) paths', () => {
    for (const l of [-3, 0, 2.5]) {
      const vp = pathAtLambda('vp', l);
      expect(lambdaOf(vp)).toBeCloseTo(l, 12);
      expect(vp.a * vp.a + vp.s * vp.s).toBeCloseTo(1, 14);
      expect(pathAtLambda('ve', l)).toEqual({ a: 1, s: Math.exp(-l) });
    }
  });

  it.each(ALGS)('%s third-order multistep: exact for a model quadratic in λ over unequal steps (float32)', async (alg) => {
    // M(λ) = c0 + c1 λ + c2 λ², one value per element, at λ_2 < λ_1 < λ_0 (unequal gaps), stepping λ_0 → λ_t.
    const lambdas = [-1.1, -0.6, -0.35];
    const lt = 0.2;
    const c = [[0.3, -0.8, 0.5], [-1.2, 0.4, 0.9]];
    const model = (l: number) => tf.tensor(c.map(([a, b, q]) => a + b * l + q * l * l), [1, 2]);
    const history = [...lambdas].map((lambda) => ({ lambda, m: model(lambda) }));
    const x = tf.tensor([[0.4, -0.9]]);
    const [u, t] = [pathAtLambda('vp', lambdas[2]), pathAtLambda('vp', lt)];
    const y = multistepUpdate(alg, x, history, u, t, 3);
    const got = await values(y);
    const w = integratorWeights(alg, u, t);
    const l0 = lambdas[2];
    const want = c.map(([a, b, q], j) => w.cx * [0.4, -0.9][j] + exactIntegral(alg, w.h, t.a, t.s, [a + b * l0 + q * l0 * l0, b + 2 * q * l0, 2 * q]));
    got.forEach((g, j) => expect(Math.abs(g - want[j])).toBeLessThan(1e-5));
    tf.dispose([x, y, ...history.map((e) => e.m)]);
  });
});
