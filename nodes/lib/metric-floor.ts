import * as tf from '@tensorflow/tfjs';
import { deriveSeed, uniformGenerator } from './random';

/**
 * The data-to-data floor of a two-sample metric, from the reference set alone: what the metric
 * gives for two samples of the *same* distribution at the sizes compared. The reference b
 * (m rows) is shuffled and cut into two disjoint halves of k = ⌊m/2⌋ rows, the metric is taken
 * between the halves, over a few random splits, and rescaled from sizes (k, k) to (n, m).
 *
 * The rescaling: two independent samples of one distribution, of sizes n and m, differ by
 * sampling noise whose squared size goes as 1/n + 1/m. For the biased MMD² this is exact,
 * E[MMD²_b] = (1/n + 1/m)(E k(x, x) − E k(x, x')); for SW² (the mean of 1-D W₂² over
 * directions) it is the leading term of E W₂²(F_n, G_m) ≈ (1/n + 1/m)∫ q(1−q)/f(F⁻¹(q))² dq.
 * A half-vs-half value is therefore multiplied by (1/n + 1/m)/(2/k) in squared units.
 */

/** Random splits per floor: their mean (of squares) steadies the floor against one unlucky cut. */
export const FLOOR_SPLITS = 4;

/** The factor from a (k, k) comparison to an (n, m) one, in squared units (SW², MMD²). */
export function floorScale(k: number, n: number, m: number): number {
  return ((1 / n + 1 / m) * k) / 2;
}

/** The size of each half: ⌊m/2⌋, at most `cap` (the rescaling to (n, m) holds for any k). */
export const halfSize = (m: number, cap = Infinity) => Math.min(m >> 1, cap);

/** A seeded shuffle of 0…m−1 cut into two disjoint halves of k = ⌊m/2⌋ indices each (fewer when k is given). */
export function halves(m: number, seed: number, k = m >> 1): [Int32Array, Int32Array] {
  const perm = new Int32Array(m);
  for (let i = 0; i < m; i++) perm[i] = i;
  const u = uniformGenerator(seed);
  for (let i = m - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  return [perm.slice(0, k), perm.slice(k, 2 * k)];
}

/**
 * Calls `compare(h1, h2)` on FLOOR_SPLITS random splits of the rows of `b` into two disjoint
 * parts of k rows (tensors disposed after each call) and returns what it gave, in split order.
 */
export async function overHalves<T>(b: tf.Tensor2D, seed: number, k: number, compare: (h1: tf.Tensor2D, h2: tf.Tensor2D) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let s = 0; s < FLOOR_SPLITS; s++) {
    const [i1, i2] = halves(b.shape[0], deriveSeed(seed, 7, s), k);
    const parts = tf.tidy(() => [tf.gather(b, tf.tensor1d(i1, 'int32')), tf.gather(b, tf.tensor1d(i2, 'int32'))] as tf.Tensor2D[]);
    try {
      out.push(await compare(parts[0], parts[1]));
    } finally {
      tf.dispose(parts);
    }
  }
  return out;
}

/** The mean of the values. */
export const mean = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / v.length;
