import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createRegistry } from '..';
import { Executor } from '../../src/engine/executor';
import type { GraphNode } from '../../src/engine/format';
import { values } from '../lib/sampling/testing';
import { expandSampler } from './expand';
import { node, samplerGraph, type SamplerOutputs } from './testing';

/**
 * Acceptance: a whole sampler and the loop of step nodes that expandSampler makes of it, run from
 * the same prior noise with the same seed param (so the same ctx.seed), give the same numbers.
 * Both compute the same float32 ops on the same float64 coefficients in the same order: measured,
 * every case below agrees to the bit (difference 0). The bound allows float32 rounding (1e-5
 * relative to the largest |x|, a few ulps over the run) should an op order ever differ.
 */
interface Case {
  name: string;
  schedule: GraphNode;
  sampler: GraphNode;
  sigmasGrid?: boolean;
  n?: number;
  /** The loop's trajectory labels its frames with the level each pass moves to (see loop/levels docs). */
  sameTimes?: boolean;
}

const cases: Case[] = [
  { name: 'ddpm, full linear chain T = 1000, posterior variance', schedule: node('s', 'schedule/linear'), sampler: node('S', 'sampler/ddpm', { seed: 3 }) },
  { name: 'ddpm, T = 50, β variance', schedule: node('s', 'schedule/linear', { T: 50 }), sampler: node('S', 'sampler/ddpm', { variance: 'beta', seed: 4 }) },
  { name: 'ddim, 20 trailing steps of T = 100, η = 0.5', schedule: node('s', 'schedule/linear', { T: 100 }), sampler: node('S', 'sampler/ddim', { steps: 20, spacing: 'trailing', eta: 0.5, seed: 2 }) },
  { name: 'ddim, 10 leading steps, η = 0 (cosine)', schedule: node('s', 'schedule/cosine', { T: 100 }), sampler: node('S', 'sampler/ddim', { steps: 10 }) },
  { name: 'langevin, 40 steps at σ = 0.5', schedule: node('s', 'schedule/vp'), sampler: node('S', 'sampler/langevin', { steps: 40, tau: 0.01, sigma: 0.5, seed: 9 }) },
  { name: 'annealed langevin with denoise, 5 levels × 8', schedule: node('s', 'schedule/ve', { N: 5 }), sampler: node('S', 'sampler/annealed-langevin', { stepsPerLevel: 8, epsilon: 1e-4, seed: 1 }), sameTimes: false },
  { name: 'reverse SDE, 40 steps on the VP path', schedule: node('s', 'schedule/vp'), sampler: node('S', 'sampler/reverse-sde', { steps: 40, seed: 6 }) },
  { name: 'predictor–corrector, 25 steps with 2 corrector steps', schedule: node('s', 'schedule/vp'), sampler: node('S', 'sampler/pc', { steps: 25, correctorSteps: 2, seed: 8 }) },
  { name: 'predictor–corrector on a VE path', schedule: node('s', 'schedule/ve'), sampler: node('S', 'sampler/pc', { steps: 20, correctorSteps: 1, snr: 0.1, seed: 8 }) },
  { name: 'pf-ode euler, 30 steps', schedule: node('s', 'schedule/vp'), sampler: node('S', 'sampler/pf-ode', { method: 'euler', steps: 30 }) },
  { name: 'pf-ode heun, 20 steps (linear path)', schedule: node('s', 'schedule/linear'), sampler: node('S', 'sampler/pf-ode', { method: 'heun', steps: 20 }) },
  { name: 'pf-ode heun on a Karras schedule (EDM Algorithm 1)', schedule: node('s', 'schedule/karras', { N: 12 }), sampler: node('S', 'sampler/pf-ode', { method: 'heun' }), sigmasGrid: true },
  { name: 'pf-ode euler on a Karras schedule', schedule: node('s', 'schedule/karras', { N: 12 }), sampler: node('S', 'sampler/pf-ode', { method: 'euler' }), sigmasGrid: true },
];

let ex: Executor | undefined;
afterEach(() => ex?.clear());

describe.each(cases.map((c) => [c.name, c] as const))('expanded loop ≡ sampler: %s', (_name, c) => {
  it('gives the same samples, trajectory and nfe from the same seed, and leaks nothing', async () => {
    const loop = expandSampler(c.sampler, { id: 'L', sigmasGrid: c.sigmasGrid });
    const scheduleInto = c.sampler.type === 'sampler/langevin' ? [] : undefined; // its schedule is optional: leave both unwired
    const graph = samplerGraph(c.schedule, c.n ?? 48, [c.sampler, loop], { scheduleInto, seed: 11 });
    ex = new Executor(createRegistry());
    const before = tf.memory().numTensors;
    const r = await ex.run(graph);
    expect(r.error).toBeUndefined();
    const [s, l] = [ex.outputsOf('S') as unknown as SamplerOutputs, ex.outputsOf('L') as unknown as SamplerOutputs];
    expect(l.nfe).toBe(s.nfe);
    const [vs, vl] = [await values(s.x0), await values(l.x0)];
    const scale = Math.max(...vs.map(Math.abs));
    let diff = 0;
    for (let k = 0; k < vs.length; k++) diff = Math.max(diff, Math.abs(vs[k] - vl[k]));
    expect(diff).toBeLessThanOrEqual(1e-5 * scale);
    expect(l.trajectory.frames.shape).toEqual(s.trajectory.frames.shape);
    const [fs, fl] = [await values(s.trajectory.frames), await values(l.trajectory.frames)];
    for (let k = 0; k < fs.length; k++) expect(Math.abs(fs[k] - fl[k])).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(fs[k])));
    expect(l.trajectory.timeLabel).toBe(s.trajectory.timeLabel);
    if (c.sameTimes !== false) expect(l.trajectory.times).toEqual(s.trajectory.times);
    ex.clear();
    expect(tf.memory().numTensors).toBe(before);
  });
});
