import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { analyticPredictor } from './analytic-predictor';
import type { GaussianMixture } from './distribution';
import { mixtureDistribution, mixtureLogProb, mixtureScore, validateMixture } from './mixture';
import { convertReadout, readAs } from './predictor';
import { uniformGenerator } from './random';

/** n points in [−lim, lim]^d from a seeded uniform (CPU). */
function points(n: number, d: number, lim: number, seed: number): number[][] {
  const u = uniformGenerator(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => lim * (2 * u() - 1)));
}

/** A K-component mixture in d dimensions with unequal weights, means in [−2, 2]^d and unequal stds. */
function randomMixture(K: number, d: number, seed: number): GaussianMixture {
  const u = uniformGenerator(seed);
  return {
    weights: Array.from({ length: K }, () => 0.2 + u()),
    means: points(K, d, 2, seed + 1),
    stds: Array.from({ length: K }, () => 0.5 + 0.5 * u()),
  };
}

async function logProbAt(xs: number[][], mix: GaussianMixture, a: number, s: number): Promise<Float32Array> {
  const x = tf.tensor2d(xs);
  const lp = mixtureLogProb(x, mix, a, s);
  const v = (await lp.data()) as Float32Array;
  tf.dispose([x, lp]);
  return v;
}

/**
 * Largest |score − central difference of log p| over the points, relative to 1 + |score|.
 * h = 1e-2: truncation error h²/6·|∂³ log p| ≲ 1e-4·(1/v)^{3/2} ≈ 1e-3 for v ≥ 0.25, and float32
 * round-off in log p (|ℓ| ≲ 50, ε ≈ 6e-8 → 3e-6) contributes 3e-6/(2h) ≈ 1.5e-4.
 * Measured worst: 8.6e-4 (2-D, s = 0), 1.6e-4 (5-D, s = 0); tolerance 3e-3.
 */
async function worstFiniteDifferenceError(mix: GaussianMixture, xs: number[][], a: number, s: number): Promise<number> {
  const h = 1e-2;
  const d = xs[0].length;
  const x = tf.tensor2d(xs);
  const score = mixtureScore(x, mix, a, s);
  const sv = await score.data();
  tf.dispose([x, score]);
  let worst = 0;
  for (let j = 0; j < d; j++) {
    const plus = await logProbAt(xs.map((p) => p.map((v, k) => (k === j ? v + h : v))), mix, a, s);
    const minus = await logProbAt(xs.map((p) => p.map((v, k) => (k === j ? v - h : v))), mix, a, s);
    xs.forEach((_, i) => {
      const fd = (plus[i] - minus[i]) / (2 * h);
      worst = Math.max(worst, Math.abs(fd - sv[i * d + j]) / (1 + Math.abs(sv[i * d + j])));
    });
  }
  return worst;
}

describe('mixture score', () => {
  const pathPoints: [number, number][] = [
    [1, 0],
    [1, 0.3],
    [0.8, 0.6],
    [0.3, 0.95],
  ];

  it('equals the central finite difference of log p in 2-D (equal stds: the fast path)', async () => {
    const before = tf.memory().numTensors;
    const mix: GaussianMixture = { weights: [1, 2, 3], means: [[-2, 0], [2, 1], [0, -2]], stds: [0.6, 0.6, 0.6] };
    for (const [a, s] of pathPoints) expect(await worstFiniteDifferenceError(mix, points(40, 2, 3, 11), a, s)).toBeLessThan(3e-3);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('equals the central finite difference of log p in 5-D (unequal stds: the general path)', async () => {
    const before = tf.memory().numTensors;
    const mix = randomMixture(4, 5, 3);
    for (const [a, s] of pathPoints) expect(await worstFiniteDifferenceError(mix, points(30, 5, 2.5, 12), a, s)).toBeLessThan(3e-3);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('agrees with a direct float64 evaluation in 1500-D (the device-built path, d·K > 4096)', async () => {
    const before = tf.memory().numTensors;
    const d = 1500;
    const [a, s] = [0.8, 0.6];
    for (const stds of [[1.2, 1.2, 1.2], [1.1, 1.3, 1.2]]) {
      // Means 0.2 apart per coordinate in a few directions, so the responsibilities stay mixed near x = 0.
      const mix: GaussianMixture = { weights: [1, 2, 1], means: [0, 1, 2].map((k) => Array.from({ length: d }, (_, j) => 0.01 * (k - 1) * Math.cos(j + k))), stds };
      const xs = points(4, d, 0.05, 21);
      const x = tf.tensor2d(xs);
      const score = mixtureScore(x, mix, a, s);
      const got = await score.data();
      xs.forEach((xi, i) => {
        const v = stds.map((sd) => a * a * sd * sd + s * s);
        const l = mix.means.map((m, k) => Math.log(mix.weights[k]) - 0.5 * d * Math.log(2 * Math.PI * v[k]) - xi.reduce((acc, e, j) => acc + (e - a * m[j]) ** 2, 0) / (2 * v[k]));
        const top = Math.max(...l);
        const e = l.map((lk) => Math.exp(lk - top));
        const r = e.map((ek) => ek / e.reduce((acc, q) => acc + q, 0));
        for (let j = 0; j < d; j += 97) {
          const want = mix.means.reduce((acc, m, k) => acc + (r[k] * (a * m[j] - xi[j])) / v[k], 0);
          // Float32 logits carry |x − aμ|²/(2v) ≈ 2 with ~1e-6 relative error: score to 1e-4.
          expect(Math.abs(got[i * d + j] - want)).toBeLessThan(1e-4 * (1 + Math.abs(want)));
        }
      });
      tf.dispose([x, score]);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives a finite pull to the nearest component far from every other (stable softmax)', async () => {
    // σ = 0.05, x = 3: the logits differ by |x + 1|²/(2σ²) − |x − 1|²/(2σ²) = 2400 → r = (0, 1) exactly;
    // score = (1 − 3)/σ² = −800.
    const x = tf.tensor2d([[3], [-3]]);
    const equal = mixtureScore(x, { weights: [1, 1], means: [[-1], [1]], stds: [0.05, 0.05] }, 1, 0);
    const unequal = mixtureScore(x, { weights: [1, 1], means: [[-1], [1]], stds: [0.05, 0.04] }, 1, 0);
    expect(Array.from(await equal.data())).toEqual([expect.closeTo(-800, 2), expect.closeTo(800, 2)]);
    expect(Array.from(await unequal.data())).toEqual([expect.closeTo(-2 / 0.0016, 2), expect.closeTo(800, 2)]);
    tf.dispose([x, equal, unequal]);
  });

  it('has a log density that integrates to 1 in 1-D', async () => {
    // Trapezoid rule on [−20, 20] with step 1e-3: the tails beyond are < e^{−100}; the rule's error
    // is O(h²·p'') ≈ 1e-7, float32 log p adds ~1e-7 relative (measured: |total − 1| ≤ 5.3e-8). Tolerance 1e-5.
    const mix: GaussianMixture = { weights: [0.3, 0.5, 0.2], means: [[-3], [0.5], [4]], stds: [0.4, 1, 0.7] };
    const h = 1e-3;
    const grid = Array.from({ length: 40001 }, (_, i) => [-20 + i * h]);
    for (const [a, s] of [[1, 0], [0.6, 0.8], [1, 2]]) {
      const lp = await logProbAt(grid, mix, a, s);
      let total = 0;
      lp.forEach((v, i) => (total += (i === 0 || i === lp.length - 1 ? 0.5 : 1) * Math.exp(v) * h));
      expect(Math.abs(total - 1)).toBeLessThan(1e-5);
    }
  });
});

describe('analytic predictor (Tweedie)', () => {
  const mix: GaussianMixture = { weights: [0.35, 0.65], means: [[-1.5], [2]], stds: [0.5, 0.8] };
  const dist = mixtureDistribution('two', mix);
  const xs = [-4, -1.5, -0.3, 0, 0.7, 2, 3.5];

  /** E[x_0 | x_t] = ∫ x_0 p(x_0) N(x_t; a x_0, s²) dx_0 / ∫ p(x_0) N(x_t; a x_0, s²) dx_0 on a grid (float64). */
  function posteriorMean(xt: number, a: number, s: number): number {
    const p0 = (x: number) => mix.weights.reduce((acc, w, k) => acc + (w * Math.exp(-((x - mix.means[k][0]) ** 2) / (2 * mix.stds[k] ** 2))) / mix.stds[k], 0);
    let num = 0;
    let den = 0;
    for (let x0 = -12; x0 <= 12; x0 += 1e-3) {
      const lik = Math.exp(-((xt - a * x0) ** 2) / (2 * s * s));
      num += x0 * p0(x0) * lik;
      den += p0(x0) * lik;
    }
    return num / den;
  }

  it('reads x̂_0 as the posterior mean E[x_0 | x_t] computed by quadrature', async () => {
    // Grid step 1e-3 resolves N(x_t; a x_0, s²) (width s/a ≥ 0.3) to far below float32's ~1e-7
    // relative precision of the predictor (measured: |error| ≤ 2.3e-7); tolerance 1e-5·(1 + |x̂_0|).
    const before = tf.memory().numTensors;
    const predictor = analyticPredictor(dist);
    const x = tf.tensor2d(xs, [xs.length, 1]);
    for (const [a, s] of [[0.95, 0.3], [0.7, 0.7], [0.3, 0.95]]) {
      const x0 = readAs(predictor, x, a, s, 'x0');
      const got = await x0.data();
      x0.dispose();
      xs.forEach((xt, i) => {
        const want = posteriorMean(xt, a, s);
        expect(Math.abs(got[i] - want)).toBeLessThan(1e-5 * (1 + Math.abs(want)));
      });
    }
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives three readings that agree through the conversions', async () => {
    const before = tf.memory().numTensors;
    const predictor = analyticPredictor(dist);
    const x = tf.tensor2d(xs, [xs.length, 1]);
    const [a, s] = [0.8, 0.6];
    const readings = { score: readAs(predictor, x, a, s, 'score'), eps: readAs(predictor, x, a, s, 'eps'), x0: readAs(predictor, x, a, s, 'x0') };
    const kinds = ['score', 'eps', 'x0'] as const;
    for (const from of kinds) {
      for (const to of kinds) {
        const converted = convertReadout(readings[from], x, a, s, from, to);
        // Float32 conversions through 1/s² ≈ 2.8 and back: agreement to ~1e-6 (measured ≤ 4.8e-7).
        const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(converted, readings[to]))));
        expect((await diff.data())[0]).toBeLessThan(1e-5);
        tf.dispose([converted, diff]);
      }
    }
    // And the definitions: ε̂ = −s·score, x̂_0 = (x + s²·score)/a.
    const sc = await readings.score.data();
    const ep = await readings.eps.data();
    const x0 = await readings.x0.data();
    xs.forEach((xt, i) => {
      expect(ep[i]).toBeCloseTo(-s * sc[i], 5);
      expect(x0[i]).toBeCloseTo((xt + s * s * sc[i]) / a, 5);
    });
    tf.dispose([x, ...Object.values(readings)]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a distribution without a mixture form, naming port dist', () => {
    const noMixture = { name: 'swissroll', dim: 2, sample: () => tf.zeros([1, 2]) as tf.Tensor2D };
    expect(() => analyticPredictor(noMixture)).toThrow(expect.objectContaining({ name: 'NodeRunError', port: 'dist' }));
  });
});

describe('mixture validation and sampling', () => {
  it('names the parameter at fault', () => {
    const ok: GaussianMixture = { weights: [1, 1, 1], means: [[0, 0], [1, 1], [2, 2]], stds: [1, 1, 1] };
    expect(() => validateMixture({ ...ok, means: [[0, 0], [1, 1], [2, 2, 2]] })).toThrow('means[2] has 3 coordinates, means[0] has 2');
    expect(() => validateMixture({ ...ok, weights: [1, 1] })).toThrow('weights has 2 entries, means has 3');
    expect(() => validateMixture({ ...ok, stds: [1, 0, 1] })).toThrow('stds[1] = 0 must be a finite number > 0');
    expect(() => validateMixture({ ...ok, weights: [1, -1, 1] })).toThrow('weights[1] = -1');
    expect(() => validateMixture({ ...ok, weights: [0, 0, 0] })).toThrow('weights sum to 0');
    expect(validateMixture({ ...ok, weights: [1, 2, 1] }).weights).toEqual([0.25, 0.5, 0.25]);
  });

  it('samples with the mixture moments, reproducibly', async () => {
    // 1-D: mean Σ w μ = 0.2·(−2) + 0.8·3 = 2, variance Σ w (σ² + μ²) − mean² = 0.2·4.25 + 0.8·9.25 − 4 = 4.25.
    // n = 100000: standard error of the mean sqrt(4.25/1e5) ≈ 0.0065 (tolerance 0.03), of the variance
    // ≈ sqrt(Var(x²)/n) ≲ 0.03 (tolerance 0.1).
    const before = tf.memory().numTensors;
    const dist = mixtureDistribution('m', { weights: [1, 4], means: [[-2], [3]], stds: [0.5, 0.5] });
    const x = dist.sample(100_000, 5);
    const v = (await x.data()) as Float32Array;
    const mean = v.reduce((acc, e) => acc + e, 0) / v.length;
    const variance = v.reduce((acc, e) => acc + (e - mean) ** 2, 0) / v.length;
    expect(Math.abs(mean - 2)).toBeLessThan(0.03);
    expect(Math.abs(variance - 4.25)).toBeLessThan(0.1);
    const again = dist.sample(100_000, 5);
    expect(Array.from(await again.data())).toEqual(Array.from(v));
    tf.dispose([x, again]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
