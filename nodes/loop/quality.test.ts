import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '..';
import { Executor } from '../../src/engine/executor';
import type { GraphNode } from '../../src/engine/format';
import { N_POINTS, qualityCheck, type QualityCheck } from '../lib/sampling/swd-check';
import { expandSampler } from './expand';
import { node, samplerGraph } from './testing';

let q: QualityCheck;
beforeAll(async () => {
  q = await qualityCheck();
});
afterAll(() => q.dispose());

/**
 * The equivalence the loops teach: on the linear β schedule (T = 1000), a loop of DDPM steps over
 * its discrete chain and a loop of reverse-SDE Euler–Maruyama steps over a time grid of its
 * continuous path (log ᾱ interpolated between t_i = i/T, so the SDE matches the chain at the grid
 * points) both sample 8gaussians from the same prior noise with the exact score.
 * Criterion (swd-check.ts): the mean SW₂ to fresh data within 2× the mean SW₂ between two data
 * draws, i.e. at the data-to-data noise floor. Measured (graph seed 0): DDPM loop 1.41, Euler–Maruyama
 * loop 1.39; over graph seeds 0–3 the ratios span 0.71–1.41, the two loops within 0.01 of each other.
 * Same seed, same pass index k: both draw the same noise at each pass, so they stay close sample
 * by sample too (two first-order discretisations of one SDE): mean ‖x_DDPM − x_EM‖ = 0.022
 * (measured, every seed 0–3), against 3.6 between two independent data draws paired by index.
 */
describe('a DDPM-step loop and an Euler–Maruyama-step loop on the matching VP path', () => {
  it('both sample the data at the noise floor of the sliced-Wasserstein distance', { timeout: 120_000 }, async () => {
    const ddpmLoop: GraphNode = expandSampler(node('S', 'sampler/ddpm', { seed: 5 }), { id: 'ddpm' });
    const emLoop: GraphNode = expandSampler(node('S', 'sampler/reverse-sde', { steps: 1000, seed: 5 }), { id: 'em' });
    const graph = samplerGraph(node('s', 'schedule/linear'), N_POINTS, [ddpmLoop, emLoop]);
    const ex = new Executor(createRegistry());
    const before = tf.memory().numTensors;
    const r = await ex.run(graph);
    expect(r.error).toBeUndefined();
    const [a, b] = [ex.outputsOf('ddpm')!.x0 as tf.Tensor2D, ex.outputsOf('em')!.x0 as tf.Tensor2D];
    const [ra, rb] = [await q.ratio(a), await q.ratio(b)];
    expect(ra).toBeLessThan(2);
    expect(rb).toBeLessThan(2);
    const gap = tf.tidy(() => tf.mean(tf.norm(tf.sub(a, b), 2, 1)));
    expect((await gap.data())[0]).toBeLessThan(0.05);
    gap.dispose();
    ex.clear();
    expect(tf.memory().numTensors).toBe(before);
  });
});
