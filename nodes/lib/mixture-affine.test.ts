import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { analyticPredictor } from './analytic-predictor';
import type { GaussianMixture } from './distribution';
import { mixtureDistribution } from './mixture';
import type { Predictor, Readout } from './predictor';
import { uniformGenerator } from './random';
import { affineUpdate, countingPredictor } from './sampling/readout';

/**
 * The exact score's fused update c_x·x + c_r·R(x) + c_z·z (evaluateAffine) against the unfused
 * reading (evaluate, conversion, combination) of the same predictor: the same numbers up to
 * float32 rounding. The two differ in the order of float32 operations only (the coefficients are
 * folded in float64 before rounding), so they agree to a few ulps of the largest term; the bound
 * is 2e-6 relative to the largest |value| (measured ≤ 6e-8, one ulp).
 */

/** The same predictor without its fused method: affineUpdate falls back to evaluate + combine. */
function unfused(p: Predictor): Predictor {
  return { name: p.name, native: p.native, evaluate: (x, a, s) => p.evaluate(x, a, s) };
}

function tensorOf(n: number, d: number, lim: number, seed: number): tf.Tensor2D {
  const u = uniformGenerator(seed);
  return tf.tensor2d(Float32Array.from({ length: n * d }, () => lim * (2 * u() - 1)), [n, d]);
}

const mixtures: [string, GaussianMixture][] = [
  ['2-D, equal stds (the folded scalar)', { weights: [1, 2, 3], means: [[-2, 0], [2, 1], [0, -2]], stds: [0.6, 0.6, 0.6] }],
  ['3-D, unequal stds (the per-component x term)', { weights: [1, 1, 2, 1], means: [[-1, 0, 1], [2, 1, 0], [0, -2, 1], [1, 1, -1]], stds: [0.3, 0.5, 0.7, 0.4] }],
];

describe.each(mixtures)('analytic predictor evaluateAffine: %s', (_name, mix) => {
  const fused = analyticPredictor(mixtureDistribution('mix', mix));
  const plain = unfused(fused);
  const d = mix.means[0].length;
  const cases: [Readout, number, number, number, number, number][] = [
    // reading, a, s, c_x, c_r, c_z (DDPM-like, ODE-like, x̂_0 at small s, ε̂ with noise)
    ['eps', 0.9, Math.sqrt(1 - 0.81), 1.01, -0.02, 0.1],
    ['score', 0.5, 0.85, 0, -0.03, 0],
    ['x0', 1, 0.05, 0, 1, 0],
    ['eps', 0.2, 0.98, 1.3, -0.7, 1],
    ['score', 1, 0.3, 1, 0.01, Math.sqrt(0.02)],
  ];

  it.each(cases)('reads %s at (a, s) = (%f, %f) with c_x = %f, c_r = %f, c_z = %f', async (as, a, s, cx, cr, cz) => {
    const before = tf.memory().numTensors;
    const x = tensorOf(300, d, 4, 17);
    const z = cz === 0 ? null : tensorOf(300, d, 2, 18);
    const got = affineUpdate(fused, x, a, s, as, cx, cr, z, cz);
    const want = affineUpdate(plain, x, a, s, as, cx, cr, z, cz);
    const [g, w] = [await got.data(), await want.data()];
    const scale = Math.max(...Array.from(w, Math.abs), 1);
    let worst = 0;
    for (let i = 0; i < g.length; i++) worst = Math.max(worst, Math.abs(g[i] - w[i]));
    expect(worst).toBeLessThan(2e-6 * scale);
    tf.dispose([x, got, want]);
    if (z) z.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('countingPredictor', () => {
  it('counts fused evaluations and passes them through', async () => {
    const p = analyticPredictor(mixtureDistribution('mix', mixtures[0][1]));
    const { predictor, count } = countingPredictor(p);
    const x = tensorOf(10, 2, 2, 3);
    const y = affineUpdate(predictor, x, 0.8, 0.6, 'eps', 1, -0.5);
    const direct = p.evaluateAffine!(x, 0.8, 0.6, 'eps', 1, -0.5);
    expect(count()).toBe(1);
    expect(Array.from(await y.data())).toEqual(Array.from(await direct.data()));
    tf.dispose([x, y, direct]);
  });
});
