import * as tf from '@tensorflow/tfjs';

/**
 * Seeds. Every random draw comes from an integer seed; a loop derives one seed per
 * step with `deriveSeed(seed, step)` so runs are reproducible and steps independent.
 */
export function deriveSeed(seed: number, ...salt: number[]): number {
  // Mix the seed on its own first, then fold in each salt with the murmur3 finaliser:
  // folding seed ⊕ salt directly would make (s, j) and (s', j ⊕ s ⊕ s') collide.
  let h = fmix(seed >>> 0);
  for (const v of salt) h = fmix((h ^ Math.imul(v >>> 0, 0x9e3779b1)) >>> 0);
  return h;
}

/** murmur3's 32-bit finaliser: a bijection that mixes every input bit into every output bit. */
function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Standard normal noise z ~ N(0, I) of the given shape, reproducible from `seed`.
 * tfjs treats seed 0 as "no seed" (Math.random), so 0 is mapped to a fixed constant.
 */
export function normal<R extends tf.Rank>(shape: tf.ShapeMap[R], seed: number): tf.Tensor<R> {
  return tf.randomNormal<R>(shape, 0, 1, 'float32', seed >>> 0 || ZERO_SEED);
}
const ZERO_SEED = 0x6a09e667;

/** A deterministic uniform generator on [0, 1) for draws made on the CPU (mulberry32). */
export function uniformGenerator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
