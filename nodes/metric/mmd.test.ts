import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { NodeRunError } from '../../src/engine/context';
import { runNode } from '../../src/engine/testing';
import mmd from './mmd';

async function mmdOf(a: tf.Tensor2D, b: tf.Tensor2D, params: Record<string, unknown>, seed = 0): Promise<{ value: number; bandwidth: number }> {
  return (await runNode(mmd, { a, b }, params, { seed })) as { value: number; bandwidth: number };
}

function gaussian(n: number, shift: number[], seed: number): tf.Tensor2D {
  return tf.tidy(() => tf.add(tf.randomNormal([n, shift.length], 0, 1, 'float32', seed), tf.tensor1d(shift)) as tf.Tensor2D);
}

describe('metric/mmd', () => {
  it('computes the U- and V-statistics of the definition (float64 double loop on 5 and 7 points)', async () => {
    const before = tf.memory().numTensors;
    const xs = [[0, 0], [1, 0.5], [-0.3, 2], [2, -1], [0.7, 0.7]];
    const ys = [[1, 1], [3, 0], [0.2, -0.4], [1.5, 2.5], [-1, 0], [2, 2], [0.5, 1]];
    const h = 0.8;
    const k = (p: number[], q: number[]) => Math.exp(-((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2) / (2 * h * h));
    const total = (u: number[][], v: number[][], skipDiagonal: boolean) => {
      let s = 0;
      u.forEach((p, i) => v.forEach((q, j) => (s += skipDiagonal && i === j ? 0 : k(p, q))));
      return s;
    };
    const n = xs.length;
    const m = ys.length;
    const unbiased = total(xs, xs, true) / (n * (n - 1)) + total(ys, ys, true) / (m * (m - 1)) - (2 * total(xs, ys, false)) / (n * m);
    const biased = total(xs, xs, false) / n ** 2 + total(ys, ys, false) / m ** 2 - (2 * total(xs, ys, false)) / (n * m);
    const a = tf.tensor2d(xs);
    const b = tf.tensor2d(ys);
    // float32 kernels of O(1) values: agreement to ~1e-6.
    expect((await mmdOf(a, b, { bandwidth: h })).value).toBeCloseTo(unbiased, 5);
    expect((await mmdOf(a, b, { bandwidth: h, unbiased: false })).value).toBeCloseTo(biased, 5);
    tf.dispose([a, b]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('matches the closed form between shifted Gaussians with a fixed bandwidth', async () => {
    // E k(x, y) = (h²/(h² + σ₁² + σ₂²))^{d/2} exp(−|Δμ|²/(2(h² + σ₁² + σ₂²))). With d = 2, σ = h = 1,
    // Δμ = (1, 0): MMD² = 2·(1/3) − 2·(1/3)·e^{−1/6} ≈ 0.10235.
    const expected = (2 / 3) * (1 - Math.exp(-1 / 6));
    let mean = 0;
    const seeds = [1, 2, 3, 4];
    for (const seed of seeds) {
      const a = gaussian(2048, [0, 0], 10 * seed);
      const b = gaussian(2048, [1, 0], 10 * seed + 1);
      mean += (await mmdOf(a, b, { bandwidth: 1 }, seed)).value / seeds.length;
      tf.dispose([a, b]);
    }
    // One estimate on 2048 + 2048 points has a std of 0.0068 (measured over 8 seeds); the mean of
    // four, 0.0034: 0.014 is 4 std.
    expect(Math.abs(mean - expected)).toBeLessThan(0.014);
  });

  it('is ≈ 0 between samples of one distribution: unbiased scatters around 0, biased is positive', async () => {
    const before = tf.memory().numTensors;
    const values: number[] = [];
    const bandwidths: number[] = [];
    for (let seed = 1; seed <= 6; seed++) {
      const a = gaussian(1024, [0, 0], 10 * seed);
      const b = gaussian(1024, [0, 0], 10 * seed + 2);
      const r = await mmdOf(a, b, {}, seed);
      values.push(r.value);
      bandwidths.push(r.bandwidth);
      if (seed === 1) expect((await mmdOf(a, b, { unbiased: false }, seed)).value).toBeGreaterThan(0);
      tf.dispose([a, b]);
    }
    const mean = values.reduce((s, v) => s + v) / values.length;
    // Per-seed std 5.3e-4 at 1024 + 1024 points (measured over 16 seeds): the mean of 6 has std
    // 2.2e-4; 9e-4 is 4 std.
    expect(Math.abs(mean)).toBeLessThan(9e-4);
    expect(Math.min(...values)).toBeLessThan(0);
    // Median heuristic: |z − z'|² ~ 2χ²₂ for z, z' ~ N(0, I₂), whose median is 4 ln 2, so
    // h ≈ sqrt(4 ln 2) ≈ 1.665; the per-seed std is 0.018 (measured over 16 seeds), 0.08 is 4 std.
    for (const h of bandwidths) expect(Math.abs(h - Math.sqrt(4 * Math.log(2)))).toBeLessThan(0.08);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('subsamples large sets reproducibly from the seed', async () => {
    const before = tf.memory().numTensors;
    const a = gaussian(3000, [0, 0, 0], 1);
    const b = gaussian(2500, [0.5, 0, 0], 2);
    const first = await mmdOf(a, b, { bandwidth: 1.5 }, 4);
    expect((await mmdOf(a, b, { bandwidth: 1.5 }, 4)).value).toBe(first.value);
    expect((await mmdOf(a, b, { bandwidth: 1.5 }, 5)).value).not.toBe(first.value);
    // maxPoints at least n: no subsampling, so the seed no longer matters.
    const small = [gaussian(300, [0, 0, 0], 3), gaussian(200, [0.5, 0, 0], 4)] as const;
    expect((await mmdOf(...small, { bandwidth: 1.5, maxPoints: 300 }, 4)).value).toBe((await mmdOf(...small, { bandwidth: 1.5 }, 5)).value);
    tf.dispose([a, b, ...small]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses mismatched dimensions (port b) and single points for the unbiased form', async () => {
    const before = tf.memory().numTensors;
    const a = tf.zeros([10, 2]) as tf.Tensor2D;
    const b = tf.zeros([10, 3]) as tf.Tensor2D;
    const one = tf.zeros([1, 2]) as tf.Tensor2D;
    const err = await runNode(mmd, { a, b }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeRunError);
    expect((err as NodeRunError).port).toBe('b');
    const err1 = await runNode(mmd, { a: one, b: a }).catch((e: unknown) => e);
    expect((err1 as NodeRunError).port).toBe('a');
    const err0 = await runNode(mmd, { a, b: a }).catch((e: unknown) => e);
    expect((err0 as Error).message).toMatch(/bandwidth/);
    tf.dispose([a, b, one]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
