import * as tf from '@tensorflow/tfjs';
import type { AnyNodeDef } from '../../src/engine/node';
import { runNode } from '../../src/engine/testing';
import type { Distribution } from '../lib/distribution';
import type { ScoreNet } from '../lib/nn/score-net';
import type { Predictor } from '../lib/predictor';
import { normal } from '../lib/random';
import type { Schedule } from '../lib/schedule';
import scoreMlp from '../model/score-mlp';
import denoising from './denoising';
import { swdRatio } from './swd-ratio';

/**
 * The training-quality setup of the tests: a score MLP (64 wide, 3 hidden layers) trained by DSM
 * on a toy set (1500 steps of 256, Adam 2e-3, EMA 0.99), then rated by sampling 2000 points.
 * Without EMA the probability-flow ODE lands at ~3.5 on moons; with it ≈ 1 (see the tests).
 */
export interface TrainedToy {
  predictor: Predictor;
  /** Run a sampler from N(0, priorStd² I) noise and rate its output (see swd-ratio.ts). */
  rateSampler(def: AnyNodeDef, schedule: Schedule, params: Record<string, unknown>, priorStd?: number): Promise<number>;
  dispose(): void;
}

export async function trainToy(dist: Distribution, schedule: Schedule): Promise<TrainedToy> {
  const { model } = await runNode(scoreMlp, {}, { hidden: 64, layers: 3 }, { seed: 1 });
  const out = await runNode(denoising, { model, data: dist, schedule }, { steps: 1500, batch: 256, lr: 2e-3, ema: 0.99 }, { seed: 2 });
  (model as ScoreNet).dispose();
  const quality = await swdRatio(dist);
  const predictor = out.predictor as Predictor;
  return {
    predictor,
    async rateSampler(def, sched, params, priorStd = 1) {
      const xT = tf.tidy(() => tf.mul(normal<tf.Rank.R2>([2000, 2], 9), priorStd) as tf.Tensor2D);
      const r = (await runNode(def, { predictor, schedule: sched, xT }, params, { seed: 3 })) as { x0: tf.Tensor2D; trajectory: { frames: tf.Tensor } };
      try {
        return await quality.rate(r.x0);
      } finally {
        tf.dispose([xT, r.x0, r.trajectory.frames]);
      }
    },
    dispose() {
      (out.model as ScoreNet).dispose();
      quality.dispose();
    },
  };
}
