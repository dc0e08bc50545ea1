import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import diffuse from '../forward/diffuse';
import prior from '../noise/prior';
import { normal } from '../lib/random';
import { gaussianImagePredictor, values } from '../lib/sampling/testing';
import { linearSchedule, veSchedule } from '../lib/schedules';
import evaluate from './evaluate';

/** The image path end to end: prior noise shaped as images, the forward process, and a predictor read three ways. */
const shape = [5, 4, 2];
const P = 40;

describe('images [N, H, W, C] through noise/prior, forward/diffuse and score/evaluate', () => {
  it('noise/prior with shape draws the numbers of the flat points, as images, scaled by the prior std', async () => {
    const sch = veSchedule({ sigmaMax: 3 });
    const img = (await runNode(prior, { schedule: sch }, { n: 6, shape, seed: 4 })).x as tf.Tensor;
    const flat = (await runNode(prior, { schedule: sch }, { n: 6, dim: P, seed: 4 })).x as tf.Tensor;
    expect(img.shape).toEqual([6, ...shape]);
    expect(await values(img)).toEqual(await values(flat));
    tf.dispose([img, flat]);
    expect(() => prior.params.parse({ shape: [512, 512, 3] })).toThrow(/at most 65536 numbers/);
  });

  it('forward/diffuse noises images to x_t = a x_0 + s ε, and score/evaluate reads x̂_0 back (Tweedie) exactly for ε̂ = ε', async () => {
    const sch = linearSchedule();
    const x0 = tf.tidy(() => tf.tanh(normal([3, ...shape], 1)));
    const before = tf.memory().numTensors;
    const { xt, eps } = (await runNode(diffuse, { x0, schedule: sch }, { t: 0.4, seed: 2 })) as { xt: tf.Tensor; eps: tf.Tensor };
    expect(xt.shape).toEqual([3, ...shape]);
    const [a, s] = [sch.a(0.4), sch.s(0.4)];
    const [X0, XT, E] = [await values(x0), await values(xt), await values(eps)];
    X0.forEach((v, e) => expect(Math.abs(XT[e] - (a * v + s * E[e]))).toBeLessThan(1e-6));
    // A predictor whose ε̂ is the very noise used reads x̂_0 = (x_t − s ε)/a = x_0.
    const oracle = { name: 'oracle', native: 'eps' as const, evaluate: () => tf.clone(eps) };
    const y = (await runNode(evaluate, { predictor: oracle, schedule: sch, x: xt }, { t: 0.4, as: 'x0' })).y as tf.Tensor;
    expect(y.shape).toEqual([3, ...shape]);
    const Y = await values(y);
    X0.forEach((v, e) => expect(Math.abs(Y[e] - v)).toBeLessThan(1e-5));
    tf.dispose([xt, eps, y]);
    expect(tf.memory().numTensors).toBe(before);
    x0.dispose();
  });

  it('score/evaluate reads the Gaussian-image predictor as the score (aμ − x)/V', async () => {
    const sch = linearSchedule();
    const c = 0.5;
    const muV = Float32Array.from({ length: P }, (_, k) => (k % 7) / 7 - 0.4);
    const mu = tf.tensor(muV, shape);
    const x = normal([2, ...shape], 3);
    const y = (await runNode(evaluate, { predictor: gaussianImagePredictor(mu, c, 'x0'), schedule: sch, x }, { t: 0.7, as: 'score' })).y as tf.Tensor;
    const [a, s] = [sch.a(0.7), sch.s(0.7)];
    const V = a * a * c * c + s * s;
    const [X, Y] = [await values(x), await values(y)];
    X.forEach((v, e) => expect(Math.abs(Y[e] - (a * muV[e % P] - v) / V)).toBeLessThan(1e-5));
    tf.dispose([mu, x, y]);
  });
});
