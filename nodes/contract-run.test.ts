import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { SamplerCapabilities } from '../src/engine/capabilities';
import { CancelledError } from '../src/engine/context';
import { runNode } from '../src/engine/testing';
import type { Schedule } from '../src/engine/values';
import { normal } from './lib/random';
import { gaussianPredictor, values } from './lib/sampling/testing';
import { linearSchedule, veSchedule, vpSchedule } from './lib/schedules';
import { allNodeDefs } from './index';

/**
 * Runs every registered schedule and sampler through the checks their kind owes (the registry is
 * walked: a new schedule or sampler joins by being registered). Static rules: contract.test.ts.
 */

const schedules = allNodeDefs.filter((d) => d.category === 'schedule');
const samplers = allNodeDefs.filter((d) => d.category === 'sampler');

/** Central difference of f at t. */
const derivative = (f: (t: number) => number, t: number, h = 1e-6) => (f(t + h) - f(t - h)) / (2 * h);
/** Off the discrete grids t_i = i/T (where the interpolated path has kinks). */
const TIMES = [0.1234567, 0.3141593, 0.5271828, 0.7654321, 0.9012345];

describe.each(schedules.map((d) => [d.type, d] as const))('schedule %s (defaults)', (_type, def) => {
  it('is the path its capabilities declare, with the SDE f = d log a/dt, g² = d(s²)/dt − 2 f s², and σ(t) inverted by tOfSigma', async () => {
    const { schedule } = (await runNode(def, {}, {})) as { schedule: Schedule };
    const caps = def.schedule!;
    expect(schedule.family).toBe(caps.family);
    expect(schedule.discrete).toBe(caps.path === 'discrete');
    expect(schedule.sigmaGrid ?? false).toBe(caps.sigmaGrid);
    if (caps.family === 'vp') expect(schedule.alphaBars?.length, 'a VP schedule carries its ᾱ chain').toBe(schedule.N + 1);
    if (caps.sigmaGrid) expect(schedule.sigmas?.length, 'a σ-grid schedule carries its σ levels').toBeGreaterThan(1);
    for (const t of TIMES) {
      const a = schedule.a(t);
      const s = schedule.s(t);
      expect(a).toBeGreaterThan(0);
      expect(s).toBeGreaterThan(0);
      const f = derivative((u) => Math.log(schedule.a(u)), t);
      expect(Math.abs(schedule.f(t) - f), `f(${t})`).toBeLessThan(1e-4 * Math.max(1, Math.abs(f)));
      const g2 = derivative((u) => schedule.s(u) ** 2, t) - 2 * schedule.f(t) * s * s;
      expect(Math.abs(schedule.g2(t) - g2), `g²(${t})`).toBeLessThan(1e-4 * Math.max(1, Math.abs(g2)));
      expect(schedule.tOfSigma(s / a), `tOfSigma(σ(${t}))`).toBeCloseTo(t, 6);
    }
    const levels = schedule.levels();
    expect(levels.length).toBe(schedule.N);
    for (let k = 1; k < levels.length; k++) expect(levels[k].s / levels[k].a, 'levels run from the noisiest').toBeLessThan(levels[k - 1].s / levels[k - 1].a);
  });
});

/** A small schedule of the kind a sampler walks. */
function scheduleFor(need: SamplerCapabilities['schedule']): Schedule | undefined {
  if (need === 'vp-chain') return linearSchedule({ T: 60 });
  if (need === 've-levels') return veSchedule({ N: 10 });
  return need === 'path' ? vpSchedule() : undefined;
}

const n = 16;

describe.each(samplers.map((d) => [d.type, d] as const))('sampler %s (defaults)', (type, def) => {
  const schedule = scheduleFor(def.sampler!.schedule);
  const run = (xT: tf.Tensor, seed: number, signal?: AbortSignal, onProgress?: (f: number) => void) =>
    runNode(def, { predictor: gaussianPredictor(1), schedule, xT }, {}, { seed, signal, onProgress }) as Promise<{ x0: tf.Tensor; trajectory: { frames: tf.Tensor }; nfe: number }>;
  const dispose = (o: { x0: tf.Tensor; trajectory: { frames: tf.Tensor } }) => tf.dispose([o.x0, o.trajectory.frames]);

  it('is deterministic given the seed, finite, and leaks nothing', async () => {
    const xT = normal<tf.Rank.R2>([n, 2], 3);
    const before = tf.memory().numTensors;
    const a = await run(xT, 5);
    const b = await run(xT, 5);
    const va = await values(a.x0);
    expect(await values(b.x0), `${type}: same seed, same numbers`).toEqual(va);
    expect(va.every(Number.isFinite)).toBe(true);
    expect(a.x0.shape).toEqual(xT.shape);
    if (!def.sampler!.stochastic) {
      const c = await run(xT, 6);
      expect(await values(c.x0), `${type} declares no noise: the seed must not matter`).toEqual(va);
      dispose(c);
    }
    [a, b].forEach(dispose);
    expect(tf.memory().numTensors).toBe(before);
    xT.dispose();
  });

  it('stops with CancelledError when aborted mid-run and leaks nothing', async () => {
    const xT = normal<tf.Rank.R2>([n, 2], 3);
    const before = tf.memory().numTensors;
    const ctl = new AbortController();
    const p = run(xT, 1, ctl.signal, (f) => {
      if (f >= 0.3) ctl.abort();
    });
    await expect(p).rejects.toBeInstanceOf(CancelledError);
    expect(tf.memory().numTensors).toBe(before);
    xT.dispose();
  });
});
