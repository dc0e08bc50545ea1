import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SamplerCapabilities } from '../src/engine/capabilities';
import type { AnyNodeDef } from '../src/engine/node';
import { runNode } from '../src/engine/testing';
import type { Schedule } from '../src/engine/values';
import type { Predictor } from './lib/predictor';
import { normal } from './lib/random';
import { failingOn, gaussianPredictor } from './lib/sampling/testing';
import { N_POINTS, qualityCheck, type QualityCheck } from './lib/sampling/swd-check';
import { veSchedule, vpSchedule } from './lib/schedules';
import { allNodeDefs } from './index';

/**
 * The sample-quality contract of every registered sampler (the registry is walked: a new sampler
 * joins by being registered; leaks, cancel and determinism are in contract-run.test.ts):
 *  - quality: with the exact 8gaussians score, from the exact noisy marginal at the start of the
 *    schedule its capabilities ask for, the samples are within 2× the SW₂ between two data draws
 *    (swd-check.ts: a ≳ 10% error in spread, a lost mode or an unfinished run fails);
 *  - SDE consistency: a sampler that claims any path (capabilities.schedule = 'path') reaches the
 *    data on every registered schedule's path (defaults), started from that path's own marginal
 *    p_1 = a(1)·x_0 + s(1)·ε: it follows the SDE/ODE that path's f and g² define, whatever the
 *    family (VP chains, continuous VP, VE, Karras σ grid, rectified flow).
 * Also: nfe is the number of predictor calls made, and a predictor that throws mid-run leaks nothing.
 * Measured ratios (2026-12-07): quality ddpm 0.53, ddim 1.18, langevin 1.11, annealed-langevin 0.87,
 * reverse-sde 0.85, pc 0.50, pf-ode 1.18, dpm-solver 1.20, euler-ancestral 0.96, edm 1.18; on the
 * eight registered paths reverse-sde 0.57–0.85, pc 0.50–0.64, pf-ode 1.12–1.24, dpm-solver 1.12–1.30
 * (the ODE samplers map the same x_T, so they score alike).
 */

const samplers = allNodeDefs.filter((d) => d.category === 'sampler');
const schedules = allNodeDefs.filter((d) => d.category === 'schedule');

/**
 * Params for the check where a sampler's defaults ask for more evaluations than the check needs
 * (reverse-SDE and PC default to 1000 steps; annealed Langevin to 100 per level) or are a
 * setting for another problem (plain Langevin's τ = 10⁻³ over 1000 steps does not cross between
 * modes 2.8 apart; σ = 0.01, τ = 0.02, 500 steps does). Every other sampler runs on its defaults.
 */
const LEAN: Record<string, Record<string, unknown>> = {
  'sampler/reverse-sde': { steps: 500 },
  'sampler/pc': { steps: 200 },
  'sampler/langevin': { steps: 500, tau: 0.02, sigma: 0.01 },
  'sampler/annealed-langevin': { stepsPerLevel: 20 },
};

/** The schedule each kind of sampler walks in the quality check. */
function qualitySchedule(need: SamplerCapabilities['schedule']): Schedule | undefined {
  if (need === 'vp-chain') return vpSchedule({ N: 100 });
  if (need === 've-levels') return veSchedule({ N: 50 });
  return need === 'path' ? vpSchedule() : undefined;
}

let q: QualityCheck;
beforeAll(async () => {
  q = await qualityCheck();
});
afterAll(() => q.dispose());

/** x_T from the schedule's marginal at t = 1, a(1)·x_0 + s(1)·ε with x_0 fresh data; N(0, I) without a schedule. */
function startingPoints(schedule: Schedule | undefined): tf.Tensor2D {
  const eps = normal<tf.Rank.R2>([N_POINTS, 2], 9);
  if (!schedule) return eps;
  const data = q.sample(7);
  const xT = tf.tidy(() => tf.add(tf.mul(data, schedule.a(1)), tf.mul(eps, schedule.s(1))) as tf.Tensor2D);
  tf.dispose([data, eps]);
  return xT;
}

async function rate(def: AnyNodeDef, schedule: Schedule | undefined): Promise<number> {
  const xT = startingPoints(schedule);
  const before = tf.memory().numTensors;
  const out = (await runNode(def, { predictor: q.predictor, schedule, xT }, LEAN[def.type] ?? {}, { seed: 3 })) as { x0: tf.Tensor2D; trajectory: { frames: tf.Tensor } };
  try {
    return await q.ratio(out.x0);
  } finally {
    tf.dispose([xT, out.x0, out.trajectory.frames]);
    expect(tf.memory().numTensors).toBe(before - 1);
  }
}

describe.each(samplers.map((d) => [d.type, d] as const))('sampler %s with the exact 8gaussians score', (_type, def) => {
  it('turns noise at the start of its schedule into samples within 2× the SW₂ between two data draws', { timeout: 60_000 }, async () => {
    expect(await rate(def, qualitySchedule(def.sampler!.schedule))).toBeLessThan(2);
  });
});

const pathSamplers = samplers.filter((d) => d.sampler!.schedule === 'path');

describe.each(pathSamplers.map((d) => [d.type, d] as const))('SDE consistency: %s on every registered path', (_type, def) => {
  it.each(schedules.map((s) => [s.type, s] as const))('reaches the data from the marginal at t = 1 of %s (defaults)', { timeout: 60_000 }, async (_s, scheduleDef) => {
    const { schedule } = (await runNode(scheduleDef, {}, {})) as { schedule: Schedule };
    expect(await rate(def, schedule)).toBeLessThan(2);
  });
});

describe.each(samplers.map((d) => [d.type, d] as const))('sampler %s: evaluations and failures', (_type, def) => {
  const schedule = () => qualitySchedule(def.sampler!.schedule);
  type Out = { x0: tf.Tensor; trajectory: { frames: tf.Tensor }; nfe: number };

  it('reports as nfe the number of predictor evaluations it made', async () => {
    const inner = gaussianPredictor(1);
    let calls = 0;
    const predictor: Predictor = { ...inner, evaluate: (x, a, s) => (calls++, inner.evaluate(x, a, s)) };
    const xT = normal<tf.Rank.R2>([16, 2], 4);
    const out = (await runNode(def, { predictor, schedule: schedule(), xT }, LEAN[def.type] ?? {}, { seed: 1 })) as Out;
    expect(calls).toBeGreaterThan(0);
    expect(out.nfe).toBe(calls);
    tf.dispose([xT, out.x0, out.trajectory.frames]);
  });

  it('leaks nothing when the predictor throws mid-run', async () => {
    const xT = normal<tf.Rank.R2>([16, 2], 4);
    const before = tf.memory().numTensors;
    await expect(runNode(def, { predictor: failingOn(5), schedule: schedule(), xT }, LEAN[def.type] ?? {}, { seed: 1 })).rejects.toThrow('predictor failed');
    expect(tf.memory().numTensors).toBe(before);
    xT.dispose();
  });
});
