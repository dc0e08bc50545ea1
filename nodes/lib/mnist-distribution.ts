import * as tf from '@tensorflow/tfjs';
import type { Distribution } from './distribution';
import type { MnistData } from './mnist-source';
import { permutation } from './nn/batches';
import { deriveSeed } from './random';

/**
 * MNIST digits as a distribution: the first n digits (in the file's fixed shuffled order) whose
 * label is in `digits`, after the first `skip` such digits (so skip = 8000 holds out what n = 8000 trains on), as rows of size² grey levels mapped to [−1, 1] (v = 2p/255 − 1), held on
 * the backend. `sample(m, seed)` draws without replacement: a seeded permutation of the set, then
 * another for the next n rows (so every digit appears equally often, up to one pass).
 */
export function mnistDistribution(data: MnistData, digits: readonly number[], n: number, size: 28 | 14, skip = 0): Distribution {
  const wanted = new Set(digits);
  const index: number[] = [];
  let skipped = 0;
  for (let i = 0; i < data.count && index.length < n; i++) {
    if (!wanted.has(data.labels[i])) continue;
    if (skipped < skip) skipped++;
    else index.push(i);
  }
  if (!index.length) throw new Error(`no MNIST digits left after skipping ${skip} (there are ${skipped} of the chosen labels)`);
  const N = index.length;
  const dim = size * size;
  const source = size === 28 ? data.pixels28 : data.pixels14;
  const values = new Float32Array(N * dim);
  index.forEach((src, k) => {
    for (let p = 0; p < dim; p++) values[k * dim + p] = source[src * dim + p] / 127.5 - 1;
  });
  const labels = Int32Array.from(index, (i) => data.labels[i]);
  let images: tf.Tensor2D | undefined = tf.keep(tf.tensor2d(values, [N, dim]));

  /** Row indices of a draw of m: successive seeded permutations of 0…N−1. */
  const rows = (m: number, seed: number): Int32Array => {
    const out = new Int32Array(m);
    for (let start = 0, b = 0; start < m; start += N, b++) out.set(permutation(N, deriveSeed(seed, b)).subarray(0, Math.min(N, m - start)), start);
    return out;
  };
  const take = (idx: Int32Array): tf.Tensor2D => {
    if (!images) throw new Error('the MNIST distribution has been disposed');
    const all = images;
    return tf.tidy(() => tf.gather(all, tf.tensor1d(idx, 'int32')));
  };

  return {
    name: `mnist ${size}×${size} (${N} digits${skip ? ` after the first ${skip}` : ''}${wanted.size < 10 ? ` of ${[...wanted].sort().join(', ')}` : ''})`,
    dim,
    image: { height: size, width: size },
    sample: (m, seed) => take(rows(m, seed)),
    sampleWithLabels(m, seed) {
      const idx = rows(m, seed);
      return { x: take(idx), labels: Int32Array.from(idx, (i) => labels[i]) };
    },
    dispose() {
      images?.dispose();
      images = undefined;
    },
  };
}
