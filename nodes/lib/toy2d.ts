import * as tf from '@tensorflow/tfjs';
import type { Distribution, GaussianMixture } from './distribution';
import { mixtureDistribution } from './mixture';
import { deriveSeed, normal, uniformGenerator } from './random';

/**
 * The standard 2-D toy data sets, at the scales of FFJORD's toy_data.py (Grathwohl et al. 2019),
 * which most diffusion and flow toy code copies; ncsn-gmm is Song & Ermon (2019)'s mixture.
 */
export const TOY2D_NAMES = ['8gaussians', 'swissroll', 'moons', 'checkerboard', 'circles', 'ncsn-gmm'] as const;
export type Toy2dName = (typeof TOY2D_NAMES)[number];

/**
 * FFJORD: centres 4·(unit directions at multiples of 45°), noise 0.5·z, all divided by 1.414.
 * We divide by √2 exactly: centres on the circle of radius 2√2 ≈ 2.828, component std 0.5/√2 ≈ 0.354.
 */
export function eightGaussians(): GaussianMixture {
  const r = 2 * Math.SQRT2;
  const c = Math.SQRT1_2;
  const dirs = [[1, 0], [-1, 0], [0, 1], [0, -1], [c, c], [c, -c], [-c, c], [-c, -c]];
  return { weights: dirs.map(() => 1 / 8), means: dirs.map(([u, v]) => [r * u, r * v]), stds: dirs.map(() => 0.5 / Math.SQRT2) };
}

/** Song & Ermon 2019, §3.2: p = 1/5 N((−5, −5), I) + 4/5 N((5, 5), I). */
export function ncsnGmm(): GaussianMixture {
  return { weights: [0.2, 0.8], means: [[-5, -5], [5, 5]], stds: [1, 1] };
}

/**
 * A 2-D set drawn as base(u) + std·z: `base` fills n points from seeded uniforms on the CPU,
 * z ~ N(0, I) comes from a seed derived from the same seed.
 */
function pointSet(name: string, std: number, base: (u: () => number, out: Float32Array, n: number) => void): Distribution {
  return {
    name,
    dim: 2,
    sample(n: number, seed: number): tf.Tensor2D {
      const pts = new Float32Array(2 * n);
      base(uniformGenerator(seed), pts, n);
      if (std === 0) return tf.tensor2d(pts, [n, 2]);
      return tf.tidy(() => tf.add(tf.tensor2d(pts, [n, 2]), tf.mul(normal<tf.Rank.R2>([n, 2], deriveSeed(seed, 1)), std)));
    },
  };
}

/** sklearn make_swiss_roll(noise = 1) projected on (x, z), divided by 5: t = 1.5π(1 + 2u), (t cos t, t sin t)/5 + 0.2 z. */
const swissroll = () =>
  pointSet('swissroll', 0.2, (u, out, n) => {
    for (let i = 0; i < n; i++) {
      const t = 1.5 * Math.PI * (1 + 2 * u());
      out[2 * i] = (t * Math.cos(t)) / 5;
      out[2 * i + 1] = (t * Math.sin(t)) / 5;
    }
  });

/**
 * sklearn make_moons(noise = 0.1), then ·2 + (−1, −0.2): outer moon 2(cos πu, sin πu) + (−1, −0.2),
 * inner moon 2(1 − cos πu, 0.5 − sin πu) + (−1, −0.2), noise std 0.2. Each point picks a moon with
 * probability 1/2 and its angle uniformly (sklearn splits n in halves and spaces angles evenly).
 */
const moons = () =>
  pointSet('moons', 0.2, (u, out, n) => {
    for (let i = 0; i < n; i++) {
      const inner = u() < 0.5;
      const th = Math.PI * u();
      out[2 * i] = 2 * (inner ? 1 - Math.cos(th) : Math.cos(th)) - 1;
      out[2 * i + 1] = 2 * (inner ? 0.5 - Math.sin(th) : Math.sin(th)) - 0.2;
    }
  });

/**
 * sklearn make_circles(factor = 0.5, noise = 0.08), then ·3: circles of radius 3 and 1.5 with
 * noise std 0.24; each point picks a circle with probability 1/2 and its angle uniformly.
 */
const circles = () =>
  pointSet('circles', 0.24, (u, out, n) => {
    for (let i = 0; i < n; i++) {
      const r = u() < 0.5 ? 1.5 : 3;
      const th = 2 * Math.PI * u();
      out[2 * i] = r * Math.cos(th);
      out[2 * i + 1] = r * Math.sin(th);
    }
  });

/**
 * FFJORD: x1 ~ U[−2, 2), x2 ~ U[0, 1) − 2·Bernoulli(½) + (⌊x1⌋ mod 2), all ·2: uniform on the
 * 8 black squares (side 2) of a checkerboard covering [−4, 4]². No noise.
 */
const checkerboard = () =>
  pointSet('checkerboard', 0, (u, out, n) => {
    for (let i = 0; i < n; i++) {
      const x1 = 4 * u() - 2;
      const x2 = u() - (u() < 0.5 ? 2 : 0) + (((Math.floor(x1) % 2) + 2) % 2);
      out[2 * i] = 2 * x1;
      out[2 * i + 1] = 2 * x2;
    }
  });

/** The toy distribution by name; 8gaussians and ncsn-gmm carry their exact mixture form. */
export function toy2d(name: Toy2dName): Distribution {
  switch (name) {
    case '8gaussians':
      return mixtureDistribution(name, eightGaussians());
    case 'ncsn-gmm':
      return mixtureDistribution(name, ncsnGmm());
    case 'swissroll':
      return swissroll();
    case 'moons':
      return moons();
    case 'circles':
      return circles();
    case 'checkerboard':
      return checkerboard();
  }
}
