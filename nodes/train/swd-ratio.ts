import type * as tf from '@tensorflow/tfjs';
import { runNode } from '../../src/engine/testing';
import type { Distribution } from '../lib/distribution';
import swd from '../metric/sliced-wasserstein';

/**
 * Sample quality for the training tests: the sliced-Wasserstein distance (SW₂, 128 projections)
 * of n samples to fresh data, in units of the SW₂ between two independent data draws of the same
 * size. Both sides are averaged over 4 draws, since one SW₂ between two 2000-point draws varies
 * by ±35% (see nodes/lib/sampling/swd-check.ts). A fresh data draw scores ≈ 0.8–1.
 */
export async function swdRatio(dist: Distribution, n = 2000): Promise<{ rate(samples: tf.Tensor2D): Promise<number>; dispose(): void }> {
  const draws = Array.from({ length: 12 }, (_, k) => dist.sample(n, 200 + k));
  const sw = async (a: tf.Tensor2D, b: tf.Tensor2D) => (await runNode(swd, { a, b }, { projections: 128 }, { seed: 5 })).value as number;
  let unit = 0;
  for (let k = 0; k < 4; k++) unit += (await sw(draws[2 * k], draws[2 * k + 1])) / 4;
  return {
    async rate(samples) {
      let s = 0;
      for (let k = 8; k < 12; k++) s += (await sw(samples, draws[k])) / 4;
      return s / unit;
    },
    dispose: () => draws.forEach((d) => d.dispose()),
  };
}
