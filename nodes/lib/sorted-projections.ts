import * as tf from '@tensorflow/tfjs';
import { normal } from './random';

/** K random unit directions in R^d as the rows of a [K, d] tensor: θ = z/|z|, z ~ N(0, I), uniform on the sphere. */
export function randomDirections(count: number, dim: number, seed: number): tf.Tensor2D {
  return tf.tidy(() => {
    const z = normal<tf.Rank.R2>([count, dim], seed);
    return tf.div(z, tf.norm(z, 'euclidean', 1, true)) as tf.Tensor2D;
  });
}

/**
 * The projections θ_k·x_j of the rows of x [n, d] onto the directions [K, d], read back
 * once and sorted: a [K, n] row-major array whose row k is ascending.
 */
export async function sortedProjections(x: tf.Tensor2D, directions: tf.Tensor2D): Promise<Float32Array> {
  // θ·xᵀ with an explicit transpose: matMul's transpose flags are slow on WASM (NOTES.md).
  const proj = tf.tidy(() => tf.matMul(directions, tf.transpose(x)));
  const values = (await proj.data()) as Float32Array;
  proj.dispose();
  const n = x.shape[0];
  for (let k = 0; k < directions.shape[0]; k++) values.subarray(k * n, (k + 1) * n).sort();
  return values;
}

/**
 * Squared 2-Wasserstein distance between two 1-D samples given sorted, W_2² = ∫_0^1 (F⁻¹(u) − G⁻¹(u))² du.
 * The empirical quantile function of a sample of size n puts its j-th order statistic at
 * level (j + ½)/n and interpolates linearly in between. The integral is taken at the
 * smaller sample's levels u_i = (i + ½)/m: the smaller sample's own order statistics
 * against the larger sample's interpolated quantiles. With equal sizes this is the plain
 * matching of order statistics, (1/n) Σ_j (u_(j) − v_(j))².
 */
export function w2SquaredSorted(u: ArrayLike<number>, v: ArrayLike<number>): number {
  const [small, large] = u.length <= v.length ? [u, v] : [v, u];
  const m = small.length;
  const big = large.length;
  const last = big - 1;
  let sum = 0;
  for (let i = 0; i < m; i++) {
    // Position of level (i + ½)/m among the larger sample's levels (j + ½)/M: in [0, M − 1] since M ≥ m.
    const p = ((i + 0.5) * big) / m - 0.5;
    const j = Math.min(Math.max(Math.floor(p), 0), last);
    const frac = p - j;
    const q = j < last ? large[j] + frac * (large[j + 1] - large[j]) : large[last];
    const diff = small[i] - q;
    sum += diff * diff;
  }
  return sum / m;
}
