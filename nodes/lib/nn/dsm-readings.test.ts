import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { convertReadout } from '../predictor';
import { normal, uniformGenerator } from '../random';
import { dsmLossAndGrad, type DsmBatch, type DsmTarget } from './dsm';
import { mlpInit } from './mlp';
import { buildScoreNet, scoreNetConfig, scoreNetSpec, type ScoreOutput } from './score-net';

/**
 * The DSM loss for every output × target, v-prediction and flow matching included, against its
 * definition computed independently: the network's native prediction read as the target reading
 * (predictor.ts conversions at the VE point a = 1, s = σ of x̃ = x₀ + σε), minus the true target
 *   eps: ε,  score: −ε/σ,  x0: x₀,  v: (ε − σx₀)/√(1+σ²),  flow: ε − x₀,
 * squared and weighted by λ = 1 (uniform) or σ² (sigma2), averaged over the B·d numbers.
 */
const READINGS: ScoreOutput[] = ['eps', 'score', 'x0', 'v', 'flow'];
const B = 12;

function target(t: DsmTarget, x0: number, eps: number, s: number): number {
  if (t === 'eps') return eps;
  if (t === 'score') return -eps / s;
  if (t === 'x0') return x0;
  if (t === 'v') return (eps - s * x0) / Math.sqrt(1 + s * s);
  return eps - x0;
}

describe('DSM loss by definition, for every output and target', () => {
  it.each(READINGS.flatMap((o) => READINGS.map((t) => [o, t] as const)))('output %s, target %s', async (output, tgt) => {
    const config = scoreNetConfig({ dim: 2, hidden: 8, layers: 2, activation: 'silu', embedding: 'sinusoidal', output }, 1);
    const theta = mlpInit(scoreNetSpec(config), 2, 1);
    const net = buildScoreNet(config, theta);
    const u = uniformGenerator(7);
    const batch: DsmBatch = { x0: normal<tf.Rank.R2>([B, 2], 4), eps: normal<tf.Rank.R2>([B, 2], 5), sigmas: Float32Array.from({ length: B }, () => 0.1 * 30 ** u()) };
    const [X0, E] = [await batch.x0.data(), await batch.eps.data()];
    for (const weighting of ['uniform', 'sigma2'] as const) {
      const { loss, grad } = dsmLossAndGrad(config, theta, batch, tgt, weighting);
      const got = (await loss.data())[0];
      tf.dispose([loss, grad]);
      let want = 0;
      for (let i = 0; i < B; i++) {
        const s = batch.sigmas[i];
        const xt = tf.tensor2d([[X0[2 * i] + s * E[2 * i], X0[2 * i + 1] + s * E[2 * i + 1]]]);
        const native = net.apply(xt, s);
        const read = convertReadout(native, xt, 1, s, output, tgt);
        const r = await read.data();
        tf.dispose([xt, native, read]);
        const lambda = weighting === 'uniform' ? 1 : s * s;
        for (let j = 0; j < 2; j++) want += (lambda * (r[j] - target(tgt, X0[2 * i + j], E[2 * i + j], s)) ** 2) / (2 * B);
      }
      expect(Math.abs(got - want)).toBeLessThan(2e-4 * Math.max(1, want));
    }
    net.dispose();
    tf.dispose([batch.x0, batch.eps]);
  });
});
