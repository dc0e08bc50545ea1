import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import { normal } from '../lib/random';
import { gaussianPredictor, values } from '../lib/sampling/testing';
import { karrasSchedule, veSchedule } from '../lib/schedules';
import edm from '../sampler/edm';
import eulerAncestral from '../sampler/euler-ancestral';
import pfOde from '../sampler/pf-ode';
import { expandSampler } from './expand';
import { node, runLoopNode } from './testing';

type Out = { x0: tf.Tensor; trajectory: { frames: tf.Tensor; times: number[] }; nfe: number };

/** The σ-grid samplers and the loops of their step nodes: the same numbers from the same seed. */
describe('euler-ancestral and edm as loops of step nodes', () => {
  it.each([
    ['sampler/euler-ancestral', eulerAncestral, { eta: 0.8, sNoise: 1.01, seed: 4 }],
    ['sampler/edm', edm, { sChurn: 20, sTmin: 0.05, sTmax: 20, sNoise: 1.003, seed: 5 }],
  ] as const)('%s expanded into loop/levels gives the sampler’s numbers, no leaks', async (type, def, params) => {
    const schedule = karrasSchedule({ N: 12 });
    const xT = tf.tidy(() => tf.mul(normal([48, 2], 2), 80));
    const inputs = { predictor: gaussianPredictor(0.9, 'x0'), schedule, xT };
    const before = tf.memory().numTensors;
    const closed = (await runNode(def, inputs, params, { seed: 6 })) as unknown as Out;
    const looped = (await runLoopNode(expandSampler(node('S', type, params)), inputs, { seed: 6 })) as unknown as Out;
    expect(await values(looped.x0)).toEqual(await values(closed.x0));
    expect(looped.nfe).toBe(closed.nfe);
    tf.dispose([closed.x0, closed.trajectory.frames, looped.x0, looped.trajectory.frames]);
    expect(tf.memory().numTensors).toBe(before);
    xT.dispose();
  });

  it('edm with S_churn = 0 is EDM’s Algorithm 1: sampler/pf-ode heun on the Karras grid, to the bit', async () => {
    const schedule = karrasSchedule({ N: 15 });
    const xT = tf.tidy(() => tf.mul(normal([32, 3], 3), 80));
    const inputs = { predictor: gaussianPredictor(1.2, 'eps'), schedule, xT };
    const a = (await runNode(edm, inputs, {})) as unknown as Out;
    const b = (await runNode(pfOde, inputs, { method: 'heun' })) as unknown as Out;
    expect(await values(a.x0)).toEqual(await values(b.x0));
    expect(a.nfe).toBe(29);
    tf.dispose([xT, a.x0, a.trajectory.frames, b.x0, b.trajectory.frames]);
  });

  it('euler ancestral with η = 1 on N(0, c²) data has the data variance after many levels (VE, 200 levels)', async () => {
    // Exact x̂_0 of N(0, c²) data; the ancestral chain's stationary law at each level is the noised
    // data N(0, c² + σ²), so at σ = 0 the samples have variance c² (to the discretisation error).
    const c = 0.6;
    const schedule = veSchedule({ N: 200, sigmaMin: 0.01, sigmaMax: 20 });
    const xT = tf.tidy(() => tf.mul(normal([4000, 2], 8), 20));
    const out = (await runNode(eulerAncestral, { predictor: gaussianPredictor(c, 'x0'), schedule, xT }, { seed: 1 })) as unknown as Out;
    const v = await values(out.x0);
    const variance = v.reduce((acc, e) => acc + e * e, 0) / v.length;
    // 8000 draws: the variance's standard error is c²·sqrt(2/8000) ≈ 0.0057.
    expect(Math.abs(variance - c * c)).toBeLessThan(0.03);
    tf.dispose([xT, out.x0, out.trajectory.frames]);
  });
});
