import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import { normal } from '../lib/random';
import { noiseLike } from '../lib/sampling/chain';
import { loopLevels } from '../lib/sampling/levels';
import { gaussianImagePredictor, values } from '../lib/sampling/testing';
import type { Schedule } from '../lib/schedule';
import { linearSchedule, vpSchedule } from '../lib/schedules';
import ddimStep from '../step/ddim';
import { expandSampler } from './expand';
import { node, runLoopNode } from './testing';
import { allNodeDefs } from '..';

/**
 * Loops of step nodes on image batches [N, H, W, C]: the loop expanded from a sampler gives that
 * sampler's numbers on images to the bit (as on points, equivalence.test.ts), and a single step
 * node moves an image batch by its formula, read off the exact Gaussian-image predictor.
 */
const [N, H, W, C] = [8, 4, 7, 3];
const c = 0.4;
const muValues = Float32Array.from({ length: H * W * C }, (_, k) => Math.cos(0.7 * k));
const mu = tf.tensor(muValues, [H, W, C]);
afterAll(() => mu.dispose());
const def = (type: string) => allNodeDefs.find((d) => d.type === type)!;

interface Out {
  x0: tf.Tensor;
  trajectory: { frames: tf.Tensor };
  nfe: number;
}

describe('loops on images', () => {
  it.each([
    ['sampler/ddim', { steps: 12, eta: 0.7, seed: 3 }, linearSchedule({ T: 200 })],
    ['sampler/ddpm', { seed: 4 }, linearSchedule({ T: 60 })],
    ['sampler/pc', { steps: 12, correctorSteps: 1, seed: 5 }, vpSchedule()],
    ['sampler/pf-ode', { method: 'heun', steps: 10 }, vpSchedule()],
  ] as [string, Record<string, unknown>, Schedule][])('%s expanded into loop/levels gives the sampler’s numbers on images, no leaks', async (type, params, schedule) => {
    const xT = normal([N, H, W, C], 21);
    const inputs = { predictor: gaussianImagePredictor(mu, c), schedule, xT };
    const before = tf.memory().numTensors;
    const closed = (await runNode(def(type), inputs, params, { seed: 8 })) as unknown as Out;
    const loop = expandSampler(node('S', type, params));
    const looped = (await runLoopNode(loop, inputs, { seed: 8 })) as unknown as Out;
    expect(looped.x0.shape).toEqual([N, H, W, C]);
    expect(await values(looped.x0)).toEqual(await values(closed.x0));
    expect(looped.trajectory.frames.shape.slice(1)).toEqual([N, H, W, C]);
    expect(looped.nfe).toBe(closed.nfe);
    tf.dispose([closed.x0, closed.trajectory.frames, looped.x0, looped.trajectory.frames]);
    expect(tf.memory().numTensors).toBe(before);
    xT.dispose();
  });

  it('step/ddim moves an image batch by the DDIM formula: x′ = a′x̂_0 + sqrt(1 − a′² − σ²)ε̂ + σz', async () => {
    const sch = linearSchedule({ T: 100 });
    const level = { ...loopLevels(sch, { grid: 'ddim', steps: 10, spacing: 'leading', tEnd: 1e-3, sigma: 0, repeat: 1 }).at(3), seed: 77 };
    const eta = 0.5;
    const x = normal([N, H, W, C], 2);
    const before = tf.memory().numTensors;
    const out = (await runNode(ddimStep, { x, predictor: gaussianImagePredictor(mu, c), schedule: sch, level }, { eta })).x as tf.Tensor;
    expect(out.shape).toEqual([N, H, W, C]);
    const got = await values(out);
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const z = noiseLike(x, level.seed, level.k);
    const [X, Z] = [await values(x), await values(z)];
    tf.dispose([x, z]);
    const ab = sch.alphaBars as Float64Array;
    const [abt, abp] = [ab[level.i!], ab[level.iNext!]];
    const [a, s, a1] = [Math.sqrt(abt), Math.sqrt(1 - abt), Math.sqrt(abp)];
    const sigma = eta * Math.sqrt(((1 - abp) / (1 - abt)) * (1 - abt / abp));
    const V = a * a * c * c + s * s;
    let worst = 0;
    for (let e = 0; e < got.length; e++) {
      const m = muValues[e % (H * W * C)];
      const y = X[e] - a * m;
      const want = a1 * (m + (a * c * c * y) / V) + Math.sqrt(1 - abp - sigma * sigma) * ((s * y) / V) + sigma * Z[e];
      worst = Math.max(worst, Math.abs(got[e] - want));
    }
    expect(worst).toBeLessThan(1e-5);
  });
});
