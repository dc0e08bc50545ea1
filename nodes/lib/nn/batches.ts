import * as tf from '@tensorflow/tfjs';
import { NodeRunError } from '../../../src/engine/context';
import type { Distribution } from '../distribution';
import { deriveSeed, uniformGenerator } from '../random';

/**
 * Minibatches of training data, from a distribution or from a fixed [N, d] tensor.
 *  - tensor: each batch gathers B rows drawn uniformly with replacement (one gather per step);
 *  - distribution: a pool of R·B fresh samples is drawn every R steps and sliced into R batches,
 *    so a distribution's sampler runs once per R steps (R ≤ 64, the pool ≤ 2²² numbers); every
 *    batch is still a fresh i.i.d. sample.
 */
export interface BatchSource {
  dim: number;
  next(step: number): tf.Tensor2D;
  /** The labels of step's batch (a source made with `labelled`; call after next(step)). */
  labels(step: number): Int32Array;
  dispose(): void;
}

const POOL_NUMBERS = 2 ** 22;

export function batchSource(data: Distribution | tf.Tensor2D, batch: number, seed: number, labelled = false): BatchSource {
  if (data instanceof tf.Tensor) {
    if (labelled) throw new NodeRunError('data: labels are needed (a class-conditional network trains on a labelled distribution such as data/mnist), got a plain tensor', 'data');
    const [N, dim] = data.shape;
    return {
      dim,
      next(step) {
        const u = uniformGenerator(deriveSeed(seed, step, 1));
        const idx = Int32Array.from({ length: batch }, () => Math.floor(u() * N));
        return tf.tidy(() => tf.gather(data, tf.tensor1d(idx, 'int32')));
      },
      labels: () => {
        throw new Error('this batch source has no labels');
      },
      dispose() {},
    };
  }
  const sampleWithLabels = data.sampleWithLabels?.bind(data);
  if (labelled && !sampleWithLabels) throw new NodeRunError(`data: labels are needed (a class-conditional network trains on a labelled distribution such as data/mnist); ${data.name} has none`, 'data');
  const dim = data.dim;
  let poolLabels: Int32Array = new Int32Array(0);
  const rounds = Math.max(1, Math.min(64, Math.floor(POOL_NUMBERS / (batch * dim))));
  let pool: tf.Tensor2D | undefined;
  let poolRound = -1;
  return {
    dim,
    next(step) {
      const round = Math.floor(step / rounds);
      if (round !== poolRound) {
        pool?.dispose();
        // Kept: the pool outlives the tidy scope of the step that draws it.
        // The labelled draw takes the same rows as sample() (mnist-distribution.ts), so labels change no image.
        if (labelled && sampleWithLabels) {
          const drawn = sampleWithLabels(rounds * batch, deriveSeed(seed, round, 2));
          pool = tf.keep(drawn.x);
          poolLabels = drawn.labels;
        } else pool = tf.keep(data.sample(rounds * batch, deriveSeed(seed, round, 2)));
        poolRound = round;
      }
      return tf.slice(pool as tf.Tensor2D, [(step % rounds) * batch, 0], [batch, dim]);
    },
    labels(step) {
      if (!labelled || Math.floor(step / rounds) !== poolRound) throw new Error(`no labels drawn for step ${step}`);
      return poolLabels.slice((step % rounds) * batch, (step % rounds + 1) * batch);
    },
    dispose() {
      pool?.dispose();
      pool = undefined;
    },
  };
}

/**
 * Training data on port `data`: a distribution or rows [N, d] with d = `dim` (the model's); a
 * NodeRunError names what does not fit, in terms of `what` ('points', 'images').
 */
export function trainingData(value: unknown, dim: number, what: string): Distribution | tf.Tensor2D {
  const data = value as Distribution | tf.Tensor | undefined;
  const ok = data instanceof tf.Tensor ? data.rank === 2 && data.shape[0] >= 1 : typeof data?.sample === 'function';
  if (!ok) throw new NodeRunError(`data: expected a distribution or ${what} as rows [N, ${dim}]`, 'data');
  const d = data instanceof tf.Tensor ? data.shape[1] : (data as Distribution).dim;
  if (d !== dim) throw new NodeRunError(`data: ${what} have dimension ${d}, the model was made for ${dim}`, 'data');
  return data as Distribution | tf.Tensor2D;
}

/** A seeded permutation of 0…n−1 (Fisher–Yates on a mulberry32 stream). */
export function permutation(n: number, seed: number): Int32Array {
  const u = uniformGenerator(seed);
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}
