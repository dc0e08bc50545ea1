import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import type { Distribution } from '../lib/distribution';
import gaussianMixture from './gaussian-mixture';
import grid from './grid';
import sample from './sample';
import tensor from './tensor';
import toy2d from './toy2d';

async function mixtureError(params: Record<string, unknown>): Promise<string> {
  try {
    await runNode(gaussianMixture, {}, params);
  } catch (e) {
    const issues = (e as { issues?: { path: (string | number)[] }[] }).issues;
    // zod errors carry the param path; NodeRunErrors say it in the message.
    return issues ? issues.map((i) => i.path.join('.')).join(';') : (e as Error).message;
  }
  return 'no error';
}

describe('data/gaussian-mixture', () => {
  it('builds a normalised mixture distribution of any dimension', async () => {
    const { dist } = (await runNode(gaussianMixture, {}, { weights: [1, 3], means: [[0, 0, 0], [1, 2, 3]], stds: [0.5, 2] })) as { dist: Distribution };
    expect(dist.dim).toBe(3);
    expect(dist.mixture!.weights).toEqual([0.25, 0.75]);
    const x = dist.sample(10, 0);
    expect(x.shape).toEqual([10, 3]);
    x.dispose();
  });

  it('names the param at fault', async () => {
    const ok = { weights: [1, 1, 1], means: [[0, 0], [1, 1], [2, 2]], stds: [1, 1, 1] };
    expect(await mixtureError({ ...ok, means: [[0, 0], [1, 1], [2, 2, 2]] })).toBe('means[2] has 3 coordinates, means[0] has 2');
    expect(await mixtureError({ ...ok, weights: [1, 1] })).toBe('weights has 2 entries, means has 3');
    expect(await mixtureError({ ...ok, stds: [1, 1, 1, 1] })).toBe('stds has 4 entries, means has 3');
    expect(await mixtureError({ ...ok, weights: [0, 0, 0] })).toMatch(/^weights sum to 0/);
    expect(await mixtureError({ ...ok, stds: [1, 0, 1] })).toBe('stds.1');
    expect(await mixtureError({ ...ok, weights: [1, -2, 1] })).toBe('weights.1');
    expect(await mixtureError({ ...ok, means: Array(257).fill([0, 0]) })).toBe('means');
  });
});

describe('data/toy2d and data/sample', () => {
  it('samples reproducibly from the seed, and differently from another seed', async () => {
    const before = tf.memory().numTensors;
    const { dist } = (await runNode(toy2d, {}, { name: '8gaussians' })) as { dist: Distribution };
    expect(dist.mixture).toBeDefined();
    const draw = async (seed: number) => {
      const { x } = (await runNode(sample, { dist }, { n: 500 }, { seed })) as { x: tf.Tensor2D };
      expect(x.shape).toEqual([500, 2]);
      const v = Array.from(await x.data());
      x.dispose();
      return v;
    };
    const a = await draw(3);
    expect(await draw(3)).toEqual(a);
    expect(await draw(4)).not.toEqual(a);
    const { dist: roll } = (await runNode(toy2d, {}, { name: 'swissroll' })) as { dist: Distribution };
    expect(roll.mixture).toBeUndefined();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses more than 2^25 numbers in one sample', async () => {
    const { dist } = (await runNode(gaussianMixture, {}, { weights: [1], means: [Array(4096).fill(0)], stds: [1] })) as { dist: Distribution };
    await expect(runNode(sample, { dist }, { n: 10_000 })).rejects.toThrow(/at most 33554432 are allowed \(n ≤ 8192\)/);
  });
});

describe('data/tensor', () => {
  it('turns rows into an [n, d] tensor', async () => {
    const { x } = (await runNode(tensor, {}, { values: [[1, 2], [3, 4], [5, 6]] })) as { x: tf.Tensor2D };
    expect(x.shape).toEqual([3, 2]);
    expect(Array.from(await x.data())).toEqual([1, 2, 3, 4, 5, 6]);
    x.dispose();
  });

  it('names the row of unequal length', async () => {
    await expect(runNode(tensor, {}, { values: [[1, 2], [3, 4], [5]] })).rejects.toThrow('values[2] has 1 numbers, values[0] has 2');
  });
});

describe('data/grid', () => {
  it('lists the grid points row-major, x fastest, from yMin up', async () => {
    const { x } = (await runNode(grid, {}, { xMin: -1, xMax: 1, yMin: 0, yMax: 2, nx: 3, ny: 2 })) as { x: tf.Tensor2D };
    expect(x.shape).toEqual([6, 2]);
    expect(Array.from(await x.data())).toEqual([-1, 0, 0, 0, 1, 0, -1, 2, 0, 2, 1, 2]);
    x.dispose();
  });

  it('bounds the number of points and checks the ranges', async () => {
    await expect(runNode(grid, {}, { nx: 501, ny: 500 })).rejects.toThrow('nx·ny = 250500 points; at most 250000 are allowed');
    await expect(runNode(grid, {}, { xMin: 1, xMax: 0 })).rejects.toThrow('xMax = 0 is below xMin = 1');
  });
});
