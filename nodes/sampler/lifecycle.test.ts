import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/engine/context';
import type { AnyNodeDef } from '../../src/engine/node';
import { runNode } from '../../src/engine/testing';
import type { Trajectory } from '../../src/engine/values';
import type { Predictor } from '../lib/predictor';
import { normal } from '../lib/random';
import { MAX_FRAMES } from '../lib/sampling/chain';
import { failingOn, gaussianPredictor, values } from '../lib/sampling/testing';
import { karrasSchedule, linearSchedule, veSchedule, vpSchedule } from '../lib/schedules';
import annealed from './annealed-langevin';
import ddim from './ddim';
import ddpm from './ddpm';
import dpmSolver from './dpm-solver';
import edm from './edm';
import eulerAncestral from './euler-ancestral';
import langevin from './langevin';
import pc from './pc';
import pfOde from './pf-ode';
import reverseSde from './reverse-sde';

interface Case {
  name: string;
  def: AnyNodeDef;
  schedule: () => unknown;
  params: Record<string, unknown>;
  nfe: number;
  stochastic: boolean;
}

/** Small runs of every sampler (and each pf-ode path) for the determinism, leak, error and cancel checks. */
const cases: Case[] = [
  { name: 'ddpm', def: ddpm, schedule: () => linearSchedule({ T: 60 }), params: {}, nfe: 60, stochastic: true },
  { name: 'ddim η = 0.5', def: ddim, schedule: () => linearSchedule({ T: 100 }), params: { steps: 30, eta: 0.5 }, nfe: 30, stochastic: true },
  { name: 'langevin', def: langevin, schedule: () => undefined, params: { steps: 40, tau: 0.05, sigma: 0.5 }, nfe: 40, stochastic: true },
  { name: 'annealed-langevin', def: annealed, schedule: () => veSchedule({ N: 4 }), params: { stepsPerLevel: 10 }, nfe: 41, stochastic: true },
  { name: 'reverse-sde', def: reverseSde, schedule: () => vpSchedule(), params: { steps: 50 }, nfe: 50, stochastic: true },
  { name: 'pc', def: pc, schedule: () => vpSchedule(), params: { steps: 30, correctorSteps: 2 }, nfe: 90, stochastic: true },
  { name: 'pf-ode rk4', def: pfOde, schedule: () => vpSchedule(), params: { method: 'rk4', steps: 30 }, nfe: 120, stochastic: false },
  { name: 'pf-ode rk45', def: pfOde, schedule: () => vpSchedule(), params: { method: 'rk45' }, nfe: -1, stochastic: false },
  { name: 'pf-ode karras', def: pfOde, schedule: () => karrasSchedule({ N: 40 }), params: { method: 'heun' }, nfe: 79, stochastic: false },
  { name: 'dpm-solver++ 2M', def: dpmSolver, schedule: () => vpSchedule(), params: { steps: 20 }, nfe: 20, stochastic: false },
  { name: 'dpm-solver 3M, ddim grid', def: dpmSolver, schedule: () => linearSchedule({ T: 100 }), params: { algorithm: 'dpmsolver', order: 3, grid: 'ddim', steps: 12 }, nfe: 12, stochastic: false },
  { name: 'dpm-solver++ singlestep 3, karras σ grid', def: dpmSolver, schedule: () => karrasSchedule({ N: 10 }), params: { order: 3, method: 'singlestep', grid: 'sigmas' }, nfe: 28, stochastic: false },
  { name: 'euler-ancestral', def: eulerAncestral, schedule: () => karrasSchedule({ N: 30 }), params: {}, nfe: 30, stochastic: true },
  { name: 'edm with churn', def: edm, schedule: () => karrasSchedule({ N: 20 }), params: { sChurn: 10 }, nfe: 39, stochastic: true },
];

const n = 64;
const prior = () => normal<tf.Rank.R2>([n, 2], 17);

async function run(c: Case, predictor: Predictor, xT: tf.Tensor2D, seed: number, signal?: AbortSignal, onProgress?: (f: number) => void) {
  const out = await runNode(c.def, { predictor, schedule: c.schedule(), xT }, c.params, { seed, signal, onProgress });
  return out as { x0: tf.Tensor2D; trajectory: Trajectory; nfe: number };
}
const disposeOut = (o: { x0: tf.Tensor; trajectory: Trajectory }) => tf.dispose([o.x0, o.trajectory.frames]);


describe.each(cases.map((c) => [c.name, c] as const))('sampler %s', (_name, c) => {
  it('is deterministic given the seed, reports nfe and a trajectory from xT to x0, and leaks nothing', async () => {
    const xT = prior();
    const before = tf.memory().numTensors;
    const a = await run(c, gaussianPredictor(1), xT, 7);
    const b = await run(c, gaussianPredictor(1), xT, 7);
    const other = await run(c, gaussianPredictor(1), xT, 8);
    const [va, vb, vo] = [await values(a.x0), await values(b.x0), await values(other.x0)];
    expect(vb).toEqual(va);
    if (c.stochastic) expect(vo).not.toEqual(va);
    else expect(vo).toEqual(va);
    expect(va.every(Number.isFinite)).toBe(true);
    if (c.nfe > 0) expect(a.nfe).toBe(c.nfe);
    else expect(a.nfe).toBeGreaterThan(6);
    const { frames, times } = a.trajectory;
    expect(frames.shape[0]).toBeLessThanOrEqual(MAX_FRAMES);
    expect(frames.shape.slice(1)).toEqual([n, 2]);
    expect(times.length).toBe(frames.shape[0]);
    const [first, last] = tf.tidy(() => [frames.slice([0, 0, 0], [1, n, 2]).reshape([n, 2]), frames.slice([frames.shape[0] - 1, 0, 0], [1, n, 2]).reshape([n, 2])]);
    expect(await values(first)).toEqual(await values(xT));
    expect(await values(last)).toEqual(va);
    tf.dispose([first, last]);
    [a, b, other].forEach(disposeOut);
    expect(tf.memory().numTensors).toBe(before);
    xT.dispose();
  });

  it('leaks nothing when the predictor throws mid-run', async () => {
    const xT = prior();
    const before = tf.memory().numTensors;
    await expect(run(c, failingOn(5), xT, 1)).rejects.toThrow('predictor failed');
    expect(tf.memory().numTensors).toBe(before);
    xT.dispose();
  });

  it('stops with CancelledError when aborted mid-run and leaks nothing', async () => {
    const xT = prior();
    const before = tf.memory().numTensors;
    const ctl = new AbortController();
    let last = 0;
    const p = run(c, gaussianPredictor(1), xT, 1, ctl.signal, (f) => {
      last = f;
      if (f >= 0.3) ctl.abort();
    });
    await expect(p).rejects.toBeInstanceOf(CancelledError);
    expect(last).toBeGreaterThanOrEqual(0.3);
    expect(tf.memory().numTensors).toBe(before);
    xT.dispose();
  });
});
