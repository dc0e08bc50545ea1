import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import type { Operator } from '../../src/engine/values';
import { normal } from '../lib/random';
import linear from './linear';

const dot = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.sum(tf.mul(a, b)).dataSync()[0]);

describe('measure/linear', () => {
  const matrices: [string, number[][]][] = [
    ['a projection on a line', [[0.6, 0.8]]],
    ['a wide 2×3 map', [[1, -2, 0.5], [0.3, 0, 4]]],
    ['a tall 3×2 map of rank 1', [[1, 2], [2, 4], [-1, -2]]],
  ];

  it.each(matrices)('%s: A and Aᵀ are adjoint, U S Vᵀ is A, U and V are orthogonal', async (_name, matrix) => {
    const d = matrix[0].length;
    const m = matrix.length;
    const x = normal<tf.Rank.R2>([5, d], 1);
    const out = await runNode(linear, { x }, { matrix, sigmaY: 0.1 }, { seed: 4 });
    const op = out.operator as Operator;
    const before = tf.memory().numTensors;
    const y = normal<tf.Rank.R2>([5, m], 2);
    const [ax, aty] = [op.apply(x), op.adjoint(y)];
    expect(dot(ax, y)).toBeCloseTo(dot(x, aty), 4);
    // A x = U (S ⊙ Vᵀx) with S padded or cut to m entries.
    const svd = op.svd!;
    const c = svd.vt(x);
    const sc = tf.tidy(() => {
      const s = tf.tensor1d(svd.singular.subarray(0, Math.min(m, d)));
      const head = tf.mul(c.slice([0, 0], [5, Math.min(m, d)]), s);
      return m > d ? tf.concat([head, tf.zeros([5, m - d])], 1) : head;
    }) as tf.Tensor2D;
    const viaSvd = svd.u(sc);
    expect(Array.from(viaSvd.dataSync()).map((v, i) => v - ax.dataSync()[i]).every((e) => Math.abs(e) < 1e-4)).toBe(true);
    const back = svd.v(c);
    expect(Math.max(...Array.from(back.dataSync()).map((v, i) => Math.abs(v - x.dataSync()[i])))).toBeLessThan(1e-5);
    const uty = svd.ut(y);
    const yBack = svd.u(uty);
    expect(Math.max(...Array.from(yBack.dataSync()).map((v, i) => Math.abs(v - y.dataSync()[i])))).toBeLessThan(1e-5);
    tf.dispose([y, ax, aty, c, sc, viaSvd, back, uty, yBack]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, out.y as tf.Tensor]);
  });

  it('sorts singular values descending, zero where A sees nothing', async () => {
    const x = tf.zeros([1, 2]);
    const op = (await runNode(linear, { x }, { matrix: [[1, 2], [2, 4], [-1, -2]] })).operator as Operator;
    expect(op.svd!.singular[0]).toBeCloseTo(Math.sqrt(30), 5);
    expect(op.svd!.singular[1]).toBe(0);
    x.dispose();
  });

  it('measures y = A x + σ_y n: residuals with the noise’s mean and standard deviation', async () => {
    const x = normal<tf.Rank.R2>([20_000, 2], 3);
    const out = await runNode(linear, { x }, { matrix: [[0.6, 0.8]], sigmaY: 0.3 }, { seed: 8 });
    const r = Array.from(tf.tidy(() => tf.sub(out.y as tf.Tensor, tf.matMul(x, tf.tensor2d([[0.6], [0.8]])))).dataSync());
    const mean = r.reduce((a, v) => a + v, 0) / r.length;
    const sd = Math.sqrt(r.reduce((a, v) => a + (v - mean) ** 2, 0) / (r.length - 1));
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(sd).toBeCloseTo(0.3, 2);
    tf.dispose([x, out.y as tf.Tensor]);
  });

  it('refuses a matrix whose rows do not fit the points, naming the row and the port', async () => {
    const x = tf.zeros([3, 2]);
    await expect(runNode(linear, { x }, { matrix: [[1, 2, 3]] })).rejects.toMatchObject({ port: 'x', message: expect.stringMatching(/matrix\[0\] has 3 entries, but x has points of dimension 2/) });
    x.dispose();
  });
});
