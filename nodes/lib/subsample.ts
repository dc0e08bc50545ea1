import { uniformGenerator } from './random';

/**
 * m evenly spaced indices into 0…n−1 (m ≤ n), including the first and the last:
 * i_k = round(k·(n−1)/(m−1)). Deterministic, so a view of the same data shows the same points.
 * The spacing (n−1)/(m−1) ≥ 1 keeps the indices distinct and increasing.
 */
export function strideIndices(n: number, m: number): Int32Array {
  const count = Math.max(0, Math.min(n, m));
  const idx = new Int32Array(count);
  if (count === 1) return idx;
  const step = (n - 1) / (count - 1);
  for (let k = 0; k < count; k++) idx[k] = Math.round(k * step);
  return idx;
}

/**
 * A uniformly random subset of m distinct indices of 0…n−1 (m ≤ n), reproducible from
 * `seed`: the first m entries of a partial Fisher–Yates shuffle, returned in increasing order.
 */
export function randomSubset(n: number, m: number, seed: number): Int32Array {
  const count = Math.max(0, Math.min(n, m));
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const u = uniformGenerator(seed);
  for (let k = 0; k < count; k++) {
    const j = k + Math.floor(u() * (n - k));
    const t = perm[k];
    perm[k] = perm[j];
    perm[j] = t;
  }
  return perm.slice(0, count).sort();
}
