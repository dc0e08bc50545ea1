import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import type { Schedule } from '../lib/schedule';
import { linearSchedule, veSchedule } from '../lib/schedules';
import diffuse from './diffuse';

/** Column means and standard deviations of an [n, d] tensor, in float64. */
async function columnStats(x: tf.Tensor): Promise<{ mean: number[]; std: number[] }> {
  const [n, d] = x.shape;
  const v = await x.data();
  const mean = new Array<number>(d).fill(0);
  const sq = new Array<number>(d).fill(0);
  for (let k = 0; k < n * d; k++) mean[k % d] += v[k] / n;
  for (let k = 0; k < n * d; k++) sq[k % d] += (v[k] - mean[k % d]) ** 2 / n;
  return { mean, std: sq.map(Math.sqrt) };
}

async function diffuseStats(schedule: Schedule, params: Record<string, unknown>, n: number) {
  const x0 = tf.tidy(() => tf.tile(tf.tensor2d([[1, -2]]), [n, 1]));
  const { xt, eps } = (await runNode(diffuse, { x0, schedule }, params, { seed: 3 })) as { xt: tf.Tensor; eps: tf.Tensor };
  const stats = await columnStats(xt);
  tf.dispose([x0, xt, eps]);
  return stats;
}

describe('forward/diffuse', () => {
  const n = 40_000;
  const x0 = [1, -2];

  it('has mean a(t)·x0 and std s(t) at continuous t', async () => {
    const before = tf.memory().numTensors;
    const sch = linearSchedule();
    const t = 0.3;
    const { mean, std } = await diffuseStats(sch, { t }, n);
    const a = sch.a(t);
    const s = sch.s(t);
    for (let j = 0; j < 2; j++) {
      // 5 standard errors: s/sqrt(n) for the mean, s/sqrt(2n) for the std.
      expect(Math.abs(mean[j] - a * x0[j])).toBeLessThan((5 * s) / Math.sqrt(n));
      expect(Math.abs(std[j] - s)).toBeLessThan((5 * s) / Math.sqrt(2 * n));
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('uses level i of a discrete schedule when index is set: a = sqrt(ᾱ_i)', async () => {
    const sch = linearSchedule();
    const ab = (sch.alphaBars as Float64Array)[250];
    const { mean, std } = await diffuseStats(sch, { t: 0.9, index: 250 }, n);
    const s = Math.sqrt(1 - ab);
    for (let j = 0; j < 2; j++) {
      expect(Math.abs(mean[j] - Math.sqrt(ab) * x0[j])).toBeLessThan((5 * s) / Math.sqrt(n));
      expect(Math.abs(std[j] - s)).toBeLessThan((5 * s) / Math.sqrt(2 * n));
    }
  });

  it('adds σ_i·ε to x0 on a VE schedule (index 1 = σ_max)', async () => {
    const { mean, std } = await diffuseStats(veSchedule(), { index: 1 }, n);
    for (let j = 0; j < 2; j++) {
      expect(Math.abs(mean[j] - x0[j])).toBeLessThan((5 * 50) / Math.sqrt(n));
      expect(Math.abs(std[j] - 50)).toBeLessThan((5 * 50) / Math.sqrt(2 * n));
    }
  });

  it('returns x_t = a x0 + s ε exactly for the ε it returns, reproducibly', async () => {
    const before = tf.memory().numTensors;
    const sch = linearSchedule({ T: 100 });
    const x0t = tf.randomNormal([500, 3], 0, 1, 'float32', 1);
    const run = () => runNode(diffuse, { x0: x0t, schedule: sch }, { t: 0.7 }, { seed: 11 }) as Promise<{ xt: tf.Tensor; eps: tf.Tensor }>;
    const first = await run();
    const second = await run();
    const [x, e, xt, xt2] = await Promise.all([x0t.data(), first.eps.data(), first.xt.data(), second.xt.data()]);
    const a = sch.a(0.7);
    const s = sch.s(0.7);
    let worst = 0;
    for (let k = 0; k < x.length; k++) worst = Math.max(worst, Math.abs(xt[k] - (a * x[k] + s * e[k])));
    expect(worst).toBeLessThan(1e-5); // float32 rounding of values of order 4
    expect(Array.from(xt2)).toEqual(Array.from(xt));
    tf.dispose([x0t, first.xt, first.eps, second.xt, second.eps]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses an index beyond the schedule, naming it', async () => {
    const before = tf.memory().numTensors;
    const x0t = tf.zeros([4, 2]);
    await expect(runNode(diffuse, { x0: x0t, schedule: linearSchedule({ T: 10 }) }, { index: 11 })).rejects.toThrow(/index 11 is not a level/);
    x0t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
