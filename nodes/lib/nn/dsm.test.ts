import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { normal, uniformGenerator } from '../random';
import { dsmLossAndGrad, type DsmBatch, type DsmTarget, type DsmWeighting } from './dsm';
import { mlpInit } from './mlp';
import { scoreNetConfig, scoreNetSpec, type ScoreOutput } from './score-net';

const OUTPUTS: ScoreOutput[] = ['eps', 'score', 'x0'];
const TARGETS: DsmTarget[] = ['eps', 'score', 'x0'];
const WEIGHTINGS: DsmWeighting[] = ['uniform', 'sigma2', 'snr'];

/** A tiny SiLU network (smooth, so finite differences see no kinks) and a fixed batch with σ ∈ [0.1, 3]. */
function setup(output: ScoreOutput) {
  const config = scoreNetConfig({ dim: 2, hidden: 6, layers: 2, activation: 'silu', embedding: 'sinusoidal', output }, 1);
  const theta = mlpInit(scoreNetSpec(config), 2, 1);
  const u = uniformGenerator(3);
  const batch: DsmBatch = {
    x0: normal<tf.Rank.R2>([32, 2], 4),
    eps: normal<tf.Rank.R2>([32, 2], 5),
    sigmas: Float32Array.from({ length: 32 }, () => 0.1 * 30 ** u()),
  };
  return { config, theta, batch, dispose: () => tf.dispose([theta, batch.x0, batch.eps]) };
}

async function scalar(t: tf.Scalar): Promise<number> {
  const [v] = await t.data();
  t.dispose();
  return v;
}

describe('dsmLossAndGrad', () => {
  describe.each(OUTPUTS)('for a network with output %s', (output) => {
    it.each(TARGETS.flatMap((t) => WEIGHTINGS.map((w) => [t, w] as const)))('target %s, weighting %s: dL/dθ matches central differences', async (target, weighting) => {
      const before = tf.memory().numTensors;
      const { config, theta, batch, dispose } = setup(output);
      const loss = (th: tf.Tensor) => {
        const { loss, grad } = dsmLossAndGrad(config, th as tf.Tensor1D, batch, target, weighting);
        grad.dispose();
        return loss;
      };
      const { loss: l0, grad } = dsmLossAndGrad(config, theta, batch, target, weighting);
      l0.dispose();
      // Directional derivatives along 3 random unit directions u: (L(θ + hu) − L(θ − hu)) / 2h.
      // h = 1e-2: truncation O(h² L''') and float32 rounding of L (~1e-7·|L|/h) measured together at
      // ≤ 1.1e-5·|L| over all 27 cases; the tolerance 1e-4·|L| + 1e-3·|g·u| leaves ~10× room and still
      // catches any real error (a missing factor, a wrong sign or weight is off by O(|g·u|)).
      const h = 1e-2;
      for (let k = 0; k < 3; k++) {
        const dir = tf.tidy(() => {
          const v = normal<tf.Rank.R1>([theta.size], 10 + k);
          return tf.div(v, tf.norm(v)) as tf.Tensor1D;
        });
        const gu = await scalar(tf.tidy(() => tf.sum(tf.mul(grad, dir)) as tf.Scalar));
        const lp = await scalar(tf.tidy(() => loss(tf.add(theta, tf.mul(dir, h)))));
        const lm = await scalar(tf.tidy(() => loss(tf.sub(theta, tf.mul(dir, h)))));
        const fd = (lp - lm) / (2 * h);
        expect(Math.abs(fd - gu)).toBeLessThan(1e-4 * Math.abs(lp) + 1e-3 * Math.abs(gu));
        dir.dispose();
      }
      grad.dispose();
      dispose();
      expect(tf.memory().numTensors).toBe(before);
    });

    it('eps with uniform weights equals score with σ² weights, and min-SNR is the same for every target', async () => {
      const { config, theta, batch, dispose } = setup(output);
      const L = (t: DsmTarget, w: DsmWeighting) => scalar(tf.tidy(() => dsmLossAndGrad(config, theta, batch, t, w).loss));
      const epsUniform = await L('eps', 'uniform');
      // Same numbers up to float32 rounding of the per-example weights.
      expect(await L('score', 'sigma2')).toBeCloseTo(epsUniform, 5);
      const snr = await L('eps', 'snr');
      expect(await L('score', 'snr')).toBeCloseTo(snr, 5);
      expect(await L('x0', 'snr')).toBeCloseTo(snr, 5);
      dispose();
    });
  });
});
