import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import type { Operator } from '../../src/engine/values';
import { normal } from '../lib/random';
import blur from './blur';
import denoise from './denoise';
import downsample from './downsample';
import inpaint from './inpaint';

const x = () => tf.tidy(() => tf.tanh(normal<tf.Rank.R4>([16, 8, 8, 1], 11)));

describe('measure nodes', () => {
  it.each([
    ['inpaint', inpaint, {}, [8, 8, 1]],
    ['blur', blur, { blur: 1 }, [8, 8, 1]],
    ['downsample', downsample, { factor: 2 }, [4, 4, 1]],
    ['denoise', denoise, {}, [8, 8, 1]],
  ] as const)('%s: y = A x + σ_y n with the node’s operator, reproducible from the seed, no leaks', async (_name, def, params, outShape) => {
    const images = x();
    const before = tf.memory().numTensors;
    const sigmaY = 0.2;
    const out = await runNode(def, { x: images }, { ...params, sigmaY }, { seed: 3 });
    const again = await runNode(def, { x: images }, { ...params, sigmaY }, { seed: 3 });
    const other = await runNode(def, { x: images }, { ...params, sigmaY }, { seed: 4 });
    const op = out.operator as Operator;
    const y = out.y as tf.Tensor;
    expect(y.shape).toEqual([16, ...outShape]);
    expect(op.sigmaY).toBe(sigmaY);
    expect(Array.from(await (again.y as tf.Tensor).data())).toEqual(Array.from(await y.data()));
    expect(Array.from(await (other.y as tf.Tensor).data())).not.toEqual(Array.from(await y.data()));
    // The residual y − A x is the noise: RMS ≈ σ_y over the measured entries (16·64 or 16·16 draws: ±~5%).
    const ax = op.apply(images);
    const diff = tf.sub(y, ax);
    const r = Array.from(await diff.data());
    const nonzero = r.filter((v) => v !== 0);
    const rms = Math.sqrt(nonzero.reduce((a, v) => a + v * v, 0) / nonzero.length);
    expect(Math.abs(rms / sigmaY - 1)).toBeLessThan(0.15);
    if (def === inpaint) expect(nonzero.length).toBe(16 * 32); // lower half hidden: y is 0 there
    tf.dispose([y, again.y as tf.Tensor, other.y as tf.Tensor, ax, diff]);
    expect(tf.memory().numTensors).toBe(before);
    images.dispose();
  });

  it('refuses points and shapes the operator does not fit, naming the port x', async () => {
    const pts = normal<tf.Rank.R2>([4, 2], 1);
    await expect(runNode(inpaint, { x: pts }, {})).rejects.toMatchObject({ port: 'x' });
    const odd = normal<tf.Rank.R4>([2, 9, 9, 1], 1);
    await expect(runNode(downsample, { x: odd }, { factor: 2 })).rejects.toThrow(/x: 9×9 images do not split into 2×2 blocks/);
    tf.dispose([pts, odd]);
  });

  it('random mask: the hidden fraction and the seed pick the pixels', async () => {
    const images = x();
    const a = await runNode(inpaint, { x: images }, { mask: 'random', fraction: 0.25, sigmaY: 0 }, { seed: 1 });
    const ya = Array.from(await (a.y as tf.Tensor).data()).slice(0, 64);
    expect(ya.filter((v) => v === 0).length).toBe(16);
    tf.dispose([images, a.y as tf.Tensor]);
  });
});
