import * as tf from '@tensorflow/tfjs';
import type { AnyNodeDef } from '../../../src/engine/node';
import { runNode } from '../../../src/engine/testing';
import swd from '../../metric/sliced-wasserstein';
import { analyticPredictor } from '../analytic-predictor';
import type { Predictor } from '../predictor';
import { normal } from '../random';
import { toy2d } from '../toy2d';

/**
 * The sample-quality check of the sampler tests, on 8gaussians with its exact score:
 * the sliced-Wasserstein distance of a sampler's n = 2000 outputs to fresh data, in units of
 * the distance between two independent data draws of the same size.
 *
 * One SW₂ between two n = 2000 draws is itself noisy (0.064…0.133 over 8 pairs, 128
 * projections), so both sides are averaged over 4 data sets: the sampler's output against
 * 4 further draws, over the mean of 4 independent pairs (0.123 measured). A perfect sampler
 * scores ≈ 1: a fresh data draw scores 0.79, the exact samplers 0.6–1.1. Data scaled by 1.05
 * scores 1.1, by 1.1 scores 1.8, by 1.2 scores 3.5, and the N(0, I) prior 8.8. So "< 2" passes
 * a sampler whose samples are statistically close to the data and fails a ≳ 10% error in
 * spread, a lost mode or an unfinished run.
 */
export const N_POINTS = 2000;

export interface QualityCheck {
  predictor: Predictor;
  /** Ratio of the sampler's mean SW₂ to fresh data over the mean SW₂ between independent data draws. */
  ratio(samples: tf.Tensor2D): Promise<number>;
  /** Run a sampler from N(0, priorStd² I) noise (seed 3) and rate its output. */
  rateSampler(def: AnyNodeDef, schedule: unknown, params: Record<string, unknown>, priorStd: number): Promise<number>;
  /** Fresh data, for controls (seeds apart from the reference sets). */
  sample(seed: number): tf.Tensor2D;
  dispose(): void;
}

export async function qualityCheck(): Promise<QualityCheck> {
  const dist = toy2d('8gaussians');
  const data = Array.from({ length: 12 }, (_, k) => dist.sample(N_POINTS, 100 + k));
  const sw = async (a: tf.Tensor2D, b: tf.Tensor2D) => (await runNode(swd, { a, b }, { projections: 128 }, { seed: 5 })).value as number;
  let base = 0;
  for (let k = 0; k < 4; k++) base += (await sw(data[2 * k], data[2 * k + 1])) / 4;
  const predictor = analyticPredictor(dist);
  const ratio = async (samples: tf.Tensor2D) => {
    let s = 0;
    for (let k = 8; k < 12; k++) s += (await sw(samples, data[k])) / 4;
    return s / base;
  };
  return {
    predictor,
    ratio,
    rateSampler: async (def, schedule, params, priorStd) => {
      const xT = tf.tidy(() => tf.mul(normal<tf.Rank.R2>([N_POINTS, 2], 9), priorStd) as tf.Tensor2D);
      const out = (await runNode(def, { predictor, schedule, xT }, params, { seed: 3 })) as { x0: tf.Tensor2D; trajectory: { frames: tf.Tensor } };
      try {
        return await ratio(out.x0);
      } finally {
        tf.dispose([xT, out.x0, out.trajectory.frames]);
      }
    },
    sample: (seed) => dist.sample(N_POINTS, 1000 + seed),
    dispose: () => tf.dispose(data),
  };
}
