import * as tf from '@tensorflow/tfjs';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import type { ScoreNet, ScoreOutput } from '../lib/nn/score-net';
import { mixtureDistribution } from '../lib/mixture';
import { readAs, type Predictor } from '../lib/predictor';
import { normal } from '../lib/random';
import { vpSchedule } from '../lib/schedules';
import denoising from '../train/denoising';
import predictorNode from './model';
import scoreMlp from '../model/score-mlp';

/**
 * Networks of each output kind trained briefly on N(0, I) in 2-D, where every reading is known:
 * on the path point (a, s), p_t = N(0, V I) with V = a² + s², so
 *   score = −x/V,  ε̂ = s x/V,  x̂_0 = a x/V.
 * Each net is read three ways at the same noise level σ = s/a = 0.75 on two paths: the VE point
 * (a, s) = (1, 0.75) and the VP point (a, s) = (0.8, 0.6). A wrong factor of a between the net's
 * x̃-space and x-space (the score's 1/a) would show as a 25% error on the VP point.
 */
const gaussian = mixtureDistribution('N(0, I)', { weights: [1], means: [[0, 0]], stds: [1] });
const exact: Record<'score' | 'eps' | 'x0', (a: number, s: number) => number> = {
  score: (a, s) => -1 / (a * a + s * s),
  eps: (a, s) => s / (a * a + s * s),
  x0: (a, s) => a / (a * a + s * s),
};
const OUTPUTS: ScoreOutput[] = ['eps', 'score', 'x0'];
const trained: Record<string, { model: ScoreNet; predictor: Predictor }> = {};

beforeAll(async () => {
  for (const output of OUTPUTS) {
    const { model } = await runNode(scoreMlp, {}, { hidden: 32, layers: 2, output }, { seed: 1 });
    // The target matching the output, weighted so every target is the eps loss (see dsm.ts).
    const out = await runNode(denoising, { model, data: gaussian, schedule: vpSchedule() }, { steps: 1000, batch: 256, lr: 3e-3, target: 'eps', weighting: 'uniform' }, { seed: 2 });
    (model as ScoreNet).dispose();
    const predictor = (await runNode(predictorNode, { model: out.model }, {})).predictor as Predictor;
    // A first call makes the model's sliced weight cache (mlp.ts), which lives as long as the model.
    tf.tidy(() => predictor.evaluate(tf.zeros([1, 2]), 1, 1));
    trained[output] = { model: out.model as ScoreNet, predictor };
  }
});
afterAll(() => {
  for (const t of Object.values(trained)) t.model.dispose();
});

/** RMS of (reading − exact·x) over RMS of exact·x. */
async function relRmsError(p: Predictor, x: tf.Tensor2D, a: number, s: number, as: 'score' | 'eps' | 'x0'): Promise<number> {
  const r = tf.tidy(() => {
    const want = tf.mul(x, exact[as](a, s));
    const got = readAs(p, x, a, s, as);
    return tf.stack([tf.norm(tf.sub(got, want)), tf.norm(want)]);
  });
  const [e, n] = await r.data();
  r.dispose();
  return e / n;
}

describe('score/model (a learned predictor on any path)', () => {
  describe.each(OUTPUTS)('a network with output %s', (output) => {
    it('reports its native reading', () => expect(trained[output].predictor.native).toBe(output));

    it.each<[string, number, number]>([
      ['VE', 1, 0.75],
      ['VP', 0.8, 0.6],
    ])('reads as score, ε̂ and x̂₀ consistently with the exact Gaussian ones on the %s point', async (_path, a, s) => {
      const before = tf.memory().numTensors;
      const x = tf.tidy(() => tf.mul(normal<tf.Rank.R2>([2000, 2], 7), Math.sqrt(a * a + s * s)) as tf.Tensor2D);
      // The nets reach 1–5% here (measured: eps 4.4%, score 4.9%, x0 1.3% on the score reading);
      // 10% leaves 2× room, and a wrong path factor would be 25% off.
      for (const as of ['score', 'eps', 'x0'] as const) expect(await relRmsError(trained[output].predictor, x, a, s, as)).toBeLessThan(0.1);
      x.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });

    it('gives the same ε̂ and x̂₀, and the score scaled by 1/a, at equal σ on two paths', async () => {
      const p = trained[output].predictor;
      const xt = normal<tf.Rank.R2>([100, 2], 8);
      const [a, s] = [0.8, 0.6];
      const d = tf.tidy(() => {
        const x = tf.mul(xt, a) as tf.Tensor2D;
        const ve = p.evaluate(xt, 1, s / a);
        const vp = p.evaluate(x, a, s);
        const expected = output === 'score' ? tf.div(ve, a) : ve;
        return tf.max(tf.abs(tf.sub(vp, expected)));
      });
      // Same network input up to float32 rounding of x/a.
      expect((await d.data())[0]).toBeLessThan(1e-5);
      tf.dispose([xt, d]);
    });
  });

  it('refuses anything but a score network', async () => {
    await expect(runNode(predictorNode, { model: undefined }, {})).rejects.toThrow(/model: expected a score network/);
  });
});
