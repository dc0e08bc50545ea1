import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import { floorScale, halves } from '../lib/metric-floor';
import mmd from './mmd';
import sw from './sliced-wasserstein';

/**
 * The data-to-data floor that metric/sliced-wasserstein and metric/mmd compute from halves of
 * their reference b, against independent data-vs-data draws at the full sizes and, for the
 * biased MMD², the closed form E = (1/n + 1/m)(1 − E k(x, x′)).
 */

const gaussian = (n: number, seed: number) => tf.randomNormal([n, 2], 0, 1, 'float32', seed) as tf.Tensor2D;

async function outputs(def: typeof sw | typeof mmd, a: tf.Tensor2D, b: tf.Tensor2D, params: Record<string, unknown>, seed = 0): Promise<{ value: number; floor: number }> {
  return (await runNode(def as typeof sw, { a, b }, params, { seed })) as { value: number; floor: number };
}

/** The metric between independent pairs of N(0, I) samples of sizes n and m, over `pairs` seeds. */
async function direct(def: typeof sw | typeof mmd, n: number, m: number, pairs: number, params: Record<string, unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let s = 0; s < pairs; s++) {
    const [a, b] = [gaussian(n, 100 + s), gaussian(m, 200 + s)];
    out.push((await outputs(def, a, b, params)).value);
    tf.dispose([a, b]);
  }
  return out;
}

/** The node's floor from b alone (a's values do not enter), for several draws of b. */
async function floors(def: typeof sw | typeof mmd, n: number, m: number, draws: number, params: Record<string, unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let s = 0; s < draws; s++) {
    const [a, b] = [gaussian(n, 300 + s), gaussian(m, 400 + s)];
    out.push((await outputs(def, a, b, params, s)).floor);
    tf.dispose([a, b]);
  }
  return out;
}

const rms = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length);
const avg = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;

describe('data-to-data floor of the metric nodes', () => {
  it('halves are disjoint, of ⌊m/2⌋ indices each; the scale maps (k, k) to (n, m)', () => {
    const [h1, h2] = halves(11, 3);
    expect(h1.length).toBe(5);
    expect(h2.length).toBe(5);
    expect(new Set([...h1, ...h2]).size).toBe(10);
    expect(floorScale(1000, 2000, 2000)).toBe(0.5);
    expect(floorScale(1000, 500, 2000)).toBeCloseTo(1.25, 12);
  });

  it('SW: the floor from halves of b matches independent data draws at the same n', async () => {
    const before = tf.memory().numTensors;
    const params = { projections: 32 };
    // Unscaled, the halves' value would be √2 too large at n = m (and √(5/4)·… at 400 vs 1600).
    for (const [n, m] of [
      [600, 600],
      [300, 1200],
    ]) {
      const want = rms(await direct(sw, n, m, 12, params));
      const got = rms(await floors(sw, n, m, 6, params));
      console.log(`SW floor n=${n} m=${m}: from halves ${got.toFixed(4)}, direct ${want.toFixed(4)}`);
      expect(Math.abs(got / want - 1)).toBeLessThan(0.12);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('biased MMD²: the floor matches the closed form (1/n + 1/m)(1 − (1 + 2/h²)^(−d/2))', async () => {
    const before = tf.memory().numTensors;
    const [n, m, h] = [400, 800, 1];
    // x − x′ ~ N(0, 2I) in d = 2: E exp(−|x − x′|²/(2h²)) = (1 + 2/h²)^(−1).
    const want = (1 / n + 1 / m) * (1 - 1 / (1 + 2 / (h * h)));
    const got = avg(await floors(mmd, n, m, 10, { bandwidth: h, unbiased: false }));
    console.log(`biased MMD² floor: ${got.toExponential(4)}, closed form ${want.toExponential(4)}`);
    expect(Math.abs(got / want - 1)).toBeLessThan(0.1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('unbiased MMD²: the floor is the spread of data-vs-data values around 0 at the same n', async () => {
    const params = { bandwidth: 1, unbiased: true };
    const want = rms(await direct(mmd, 600, 600, 8, params));
    const got = rms(await floors(mmd, 600, 600, 4, params));
    console.log(`unbiased MMD² floor: from halves ${got.toExponential(3)}, direct RMS ${want.toExponential(3)}`);
    expect(got / want).toBeGreaterThan(0.6);
    expect(got / want).toBeLessThan(1.6);
  });

  it('a sample of the data itself reads near its floor; a shifted one far above it', async () => {
    const [same, b, shifted] = [gaussian(1000, 7), gaussian(1000, 8), tf.tidy(() => tf.add(gaussian(1000, 9), 0.5) as tf.Tensor2D)];
    const near = await outputs(sw, same, b, { projections: 128 });
    const far = await outputs(sw, shifted, b, { projections: 128 });
    expect(near.value / near.floor).toBeLessThan(1.6);
    expect(far.value / far.floor).toBeGreaterThan(4);
    tf.dispose([same, b, shifted]);
  });
});
