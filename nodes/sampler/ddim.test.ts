import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { NodeRunError } from '../../src/engine/context';
import { runNode } from '../../src/engine/testing';
import { normal } from '../lib/random';
import { stepSeed } from '../lib/sampling/chain';
import { ddimIndices } from '../lib/sampling/grids';
import { gaussianPredictor, values } from '../lib/sampling/testing';
import { linearSchedule, veSchedule } from '../lib/schedules';
import ddim from './ddim';

const sch = linearSchedule();
const ab = sch.alphaBars as Float64Array;
const start = [-2.5, -1, -0.1, 0.4, 1.7, 3];

/**
 * The DDIM recursion in float64 for N(0, 1) data, whose exact denoiser is x̂_0 = a·x/(a² + s²):
 * x_prev = sqrt(ᾱ_prev)·x̂_0 + sqrt(1 − ᾱ_prev − σ²)·ε̂ + σz, ε̂ = (x − a x̂_0)/s.
 */
function reference(x: number, idx: number[], eta: number, z: (k: number) => number): number {
  const seq = [...idx, 0];
  for (let k = 0; k < idx.length; k++) {
    const [abt, abp] = [ab[seq[k]], ab[seq[k + 1]]];
    const a = Math.sqrt(abt);
    const s = Math.sqrt(1 - abt);
    const x0 = (a * x) / (a * a + s * s);
    const eps = (x - a * x0) / s;
    const sig = eta * Math.sqrt(((1 - abp) / (1 - abt)) * (1 - abt / abp));
    x = Math.sqrt(abp) * x0 + Math.sqrt(Math.max(1 - abp - sig * sig, 0)) * eps + sig * z(k);
  }
  return x;
}

describe('sampler/ddim', () => {
  it.each(['leading', 'trailing', 'linspace'] as const)('η = 0, %s spacing: matches the float64 recursion with the exact N(0, 1) denoiser', async (spacing) => {
    const xT = tf.tensor2d(start, [start.length, 1]);
    const out = await runNode(ddim, { predictor: gaussianPredictor(1, 'x0'), schedule: sch, xT }, { steps: 50, spacing });
    const got = await values(out.x0 as tf.Tensor);
    const idx = ddimIndices(1000, 50, spacing);
    // float32 over 50 steps of O(1) coefficients: ~1e-6 relative; 1e-5 leaves room.
    for (let k = 0; k < start.length; k++) {
      const want = reference(start[k], idx, 0, () => 0);
      expect(Math.abs(got[k] - want)).toBeLessThan(1e-5 * Math.max(1, Math.abs(want)));
    }
    expect(out.nfe).toBe(50);
    const traj = out.trajectory as { frames: tf.Tensor; times: number[] };
    expect(traj.times[0]).toBe(idx[0] / 1000);
    expect(traj.times.at(-1)).toBe(0);
    tf.dispose([xT, out.x0 as tf.Tensor, traj.frames]);
  });

  it('η = 0.5: the noise of step k is normal(shape, stepSeed(seed, k))', async () => {
    const xT = tf.tensor2d(start, [start.length, 1]);
    const seed = 1234;
    const steps = 20;
    const out = await runNode(ddim, { predictor: gaussianPredictor(1), schedule: sch, xT }, { steps, eta: 0.5, spacing: 'trailing' }, { seed });
    const got = await values(out.x0 as tf.Tensor);
    const zs: number[][] = [];
    for (let k = 0; k < steps; k++) {
      const z = normal<tf.Rank.R2>([start.length, 1], stepSeed(seed, k));
      zs.push(await values(z));
      z.dispose();
    }
    const idx = ddimIndices(1000, steps, 'trailing');
    for (let i = 0; i < start.length; i++) {
      const want = reference(start[i], idx, 0.5, (k) => zs[k][i]);
      expect(Math.abs(got[i] - want)).toBeLessThan(1e-5 * Math.max(1, Math.abs(want)));
    }
    tf.dispose([xT, out.x0 as tf.Tensor, (out.trajectory as { frames: tf.Tensor }).frames]);
  });

  it('refuses a VE schedule and more steps than T, naming the schedule port', async () => {
    const xT = tf.tensor2d(start, [start.length, 1]);
    const before = tf.memory().numTensors;
    const run = (schedule: unknown, steps: number) => runNode(ddim, { predictor: gaussianPredictor(1), schedule, xT }, { steps });
    await expect(run(veSchedule(), 10)).rejects.toThrow(/variance-preserving/);
    await expect(run(veSchedule(), 10)).rejects.toMatchObject({ port: 'schedule' });
    await expect(run(linearSchedule({ T: 20 }), 50)).rejects.toBeInstanceOf(NodeRunError);
    expect(tf.memory().numTensors).toBe(before);
    xT.dispose();
  });
});
