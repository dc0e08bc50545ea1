import * as tf from '@tensorflow/tfjs';
import type { Distribution, GaussianMixture } from './distribution';
import { deriveSeed, normal, uniformGenerator } from './random';

/** Checks a mixture's parameters and returns it with normalised weights; messages name the parameter. */
export function validateMixture(mix: GaussianMixture): GaussianMixture {
  const { weights, means, stds } = mix;
  const K = means.length;
  if (K === 0) throw new Error('means is empty: a mixture needs at least one component');
  if (weights.length !== K) throw new Error(`weights has ${weights.length} entries, means has ${K}`);
  if (stds.length !== K) throw new Error(`stds has ${stds.length} entries, means has ${K}`);
  const d = means[0].length;
  if (d === 0) throw new Error('means[0] has no coordinates');
  means.forEach((m, k) => {
    if (m.length !== d) throw new Error(`means[${k}] has ${m.length} coordinates, means[0] has ${d}`);
    m.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new Error(`means[${k}][${j}] is not a finite number`);
    });
  });
  weights.forEach((w, k) => {
    if (!(Number.isFinite(w) && w >= 0)) throw new Error(`weights[${k}] = ${w} must be a finite number ≥ 0`);
  });
  stds.forEach((v, k) => {
    if (!(Number.isFinite(v) && v > 0)) throw new Error(`stds[${k}] = ${v} must be a finite number > 0`);
  });
  const total = weights.reduce((acc, w) => acc + w, 0);
  if (!(total > 0)) throw new Error('weights sum to 0: at least one weight must be positive');
  return { weights: weights.map((w) => w / total), means: means.map((m) => [...m]), stds: [...stds] };
}

/** Component indices drawn from the weights with one seeded uniform per point. */
export function drawComponents(weights: number[], n: number, seed: number): Int32Array {
  const cdf: number[] = [];
  weights.reduce((acc, w, k) => (cdf[k] = acc + w), 0);
  const total = cdf[cdf.length - 1];
  const u = uniformGenerator(seed);
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const target = u() * total;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    idx[i] = lo;
  }
  return idx;
}

/**
 * The mixture as a Distribution: x = μ_k + σ_k z with k drawn from the weights (seeded uniform)
 * and z ~ N(0, I) from a seed derived from the same seed. `mixture` is set, so the exact score exists.
 */
export function mixtureDistribution(name: string, mix: GaussianMixture): Distribution {
  const mixture = validateMixture(mix);
  const d = mixture.means[0].length;
  return {
    name,
    dim: d,
    mixture,
    sample(n: number, seed: number): tf.Tensor2D {
      const idx = drawComponents(mixture.weights, n, seed);
      return tf.tidy(() => {
        const k = tf.tensor1d(idx, 'int32');
        const mu = tf.gather(tf.tensor2d(mixture.means), k);
        const sd = tf.gather(tf.tensor2d(mixture.stds, [mixture.stds.length, 1]), k);
        return tf.add(mu, tf.mul(sd, normal<tf.Rank.R2>([n, d], deriveSeed(seed, 1))));
      });
    },
  };
}
