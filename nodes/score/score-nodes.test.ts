import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import type { Distribution } from '../lib/distribution';
import type { Predictor } from '../lib/predictor';
import { veSchedule, vpSchedule } from '../lib/schedules';
import { toy2d } from '../lib/toy2d';
import analytic from './analytic';
import evaluate from './evaluate';

async function values(t: tf.Tensor): Promise<number[]> {
  const v = Array.from(await t.data());
  t.dispose();
  return v;
}

describe('score/analytic', () => {
  it('refuses a distribution without an exact score, naming port dist', async () => {
    await expect(runNode(analytic, { dist: toy2d('moons'), schedule: vpSchedule() })).rejects.toMatchObject({ name: 'NodeRunError', port: 'dist' });
  });

  it('gives the exact score of the noised mixture (1-D check by hand)', async () => {
    // One component N(μ = 2, σ = 0.5): p_t = N(2a, a²/4 + s²), score = (2a − x)/(a²/4 + s²).
    const dist: Distribution = { name: 'one', dim: 1, sample: () => tf.zeros([1, 1]) as tf.Tensor2D, mixture: { weights: [1], means: [[2]], stds: [0.5] } };
    const { predictor } = (await runNode(analytic, { dist })) as { predictor: Predictor };
    const x = tf.tensor2d([[0], [1], [3]]);
    const [a, s] = [0.6, 0.8];
    const got = await values(predictor.evaluate(x, a, s));
    const v = (a * a) / 4 + s * s;
    [0, 1, 3].forEach((xi, i) => expect(got[i]).toBeCloseTo((2 * a - xi) / v, 5));
    x.dispose();
  });
});

describe('score/evaluate', () => {
  const dist = toy2d('8gaussians');

  it('reads the predictor at the schedule\'s (a(t), s(t)) as score, ε̂ or x̂_0', async () => {
    const before = tf.memory().numTensors;
    const schedule = vpSchedule();
    const { predictor } = (await runNode(analytic, { dist, schedule })) as { predictor: Predictor };
    const x = tf.tensor2d([[0.5, -1], [2, 2], [-3, 0.1]]);
    const t = 0.3;
    const [a, s] = [schedule.a(t), schedule.s(t)];
    const run = async (as: string) => values((await runNode(evaluate, { predictor, schedule, x }, { t, as })).y as tf.Tensor);
    const score = await run('score');
    const eps = await run('eps');
    const x0 = await run('x0');
    const xv = await x.data();
    // Float32 arithmetic on O(1) numbers: 5 decimals.
    score.forEach((sc, i) => {
      expect(eps[i]).toBeCloseTo(-s * sc, 5);
      expect(x0[i]).toBeCloseTo((xv[i] + s * s * sc) / a, 5);
    });
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('takes sigma instead of t through schedule.tOfSigma', async () => {
    const schedule = veSchedule();
    const { predictor } = (await runNode(analytic, { dist, schedule })) as { predictor: Predictor };
    const x = tf.tensor2d([[1, 1]]);
    const bySigma = await values((await runNode(evaluate, { predictor, schedule, x }, { sigma: 2 })).y as tf.Tensor);
    const byT = await values((await runNode(evaluate, { predictor, schedule, x }, { t: schedule.tOfSigma(2) })).y as tf.Tensor);
    expect(bySigma).toEqual(byT);
    // VE at σ = 2: a = 1, s = 2 (up to the float64 round trip of tOfSigma).
    const direct = await values(predictor.evaluate(x, 1, 2));
    bySigma.forEach((v, i) => expect(v).toBeCloseTo(direct[i], 5));
    x.dispose();
  });

  it('refuses a reading that divides by s = 0', async () => {
    const schedule = vpSchedule();
    const epsNet: Predictor = { name: 'zero ε', native: 'eps', evaluate: (x) => tf.zerosLike(x) };
    const x = tf.tensor2d([[1, 1]]);
    await expect(runNode(evaluate, { predictor: epsNet, schedule, x }, { t: 0, as: 'score' })).rejects.toThrow(/s = 0 at this time/);
    await expect(runNode(evaluate, { predictor: { name: 'p' }, schedule, x }, {})).rejects.toMatchObject({ port: 'predictor' });
    x.dispose();
  });
});
