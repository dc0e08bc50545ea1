import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { NodeRunError } from '../../src/engine/context';
import type { ImagesPreview } from '../../src/engine/preview';
import { runNode } from '../../src/engine/testing';
import images from './images';

describe('view/images', () => {
  it('reshapes flattened rows and keeps the first maxImages', async () => {
    const before = tf.memory().numTensors;
    // 100 images of 3×4; image i is filled with −1 + 2i/99 (from black to white).
    const x = tf.tidy(() => tf.tile(tf.reshape(tf.linspace(-1, 1, 100), [100, 1]), [1, 12]));
    const { preview } = (await runNode(images, { images: x }, { height: 3, cols: 10 })) as { preview: ImagesPreview & { cols: number } };
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(preview).toMatchObject({ kind: 'images', n: 64, height: 3, width: 4, cols: 10 });
    expect(preview.pixels).toBeInstanceOf(Uint8Array);
    expect(preview.pixels.length).toBe(64 * 12);
    expect(preview.pixels[0]).toBe(0);
    // image 63: (−1 + 126/99 + 1)·127.5 = 162.27 → 162
    expect(preview.pixels[63 * 12 + 11]).toBe(162);
  });

  it('takes [n, h, w] images as they are and square rows by default', async () => {
    const before = tf.memory().numTensors;
    const cube = tf.ones([2, 5, 7]);
    const flat = tf.zeros([3, 16]);
    const a = ((await runNode(images, { images: cube }, { maxImages: 1 })) as { preview: ImagesPreview }).preview;
    expect(a).toMatchObject({ n: 1, height: 5, width: 7 });
    expect(a.pixels.every((p) => p === 255)).toBe(true);
    const b = ((await runNode(images, { images: flat })) as { preview: ImagesPreview }).preview;
    expect(b).toMatchObject({ n: 3, height: 4, width: 4 });
    const bad = tf.zeros([2, 15]);
    const err = await runNode(images, { images: bad }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeRunError);
    expect((err as Error).message).toMatch(/not square/);
    const err2 = await runNode(images, { images: bad }, { width: 4 }).catch((e: unknown) => e);
    expect((err2 as Error).message).toMatch(/15.*\?×4/);
    tf.dispose([cube, flat, bad]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
