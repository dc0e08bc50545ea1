import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyNodeDef } from '../../src/engine/node';
import { qualityCheck, type QualityCheck } from '../lib/sampling/swd-check';
import { flowSchedule, karrasSchedule, vpSchedule } from '../lib/schedules';
import dpmSolver from './dpm-solver';
import edm from './edm';
import eulerAncestral from './euler-ancestral';
import pc from './pc';
import pfOde from './pf-ode';
import reverseSde from './reverse-sde';

let q: QualityCheck;
beforeAll(async () => {
  q = await qualityCheck();
});
afterAll(() => q.dispose());

/**
 * See swd-check.ts for the 2× criterion. Measured ratios (seed 3): reverse-sde 1.04, pc 0.86,
 * pf-ode euler 0.72, heun 0.72, rk4 0.72, rk45 0.72, Karras/EDM 0.83.
 */
describe.each<[string, AnyNodeDef, () => unknown, Record<string, unknown>, number]>([
  ['reverse-sde (vp, 500 steps)', reverseSde, () => vpSchedule(), { steps: 500 }, 1],
  ['pc (vp, 200 steps, 1 corrector step)', pc, () => vpSchedule(), { steps: 200 }, 1],
  ['pf-ode euler (vp, 100 steps)', pfOde, () => vpSchedule(), { method: 'euler', steps: 100 }, 1],
  ['pf-ode heun (vp, 50 steps)', pfOde, () => vpSchedule(), { method: 'heun', steps: 50 }, 1],
  ['pf-ode rk4 (vp, 20 steps)', pfOde, () => vpSchedule(), { method: 'rk4', steps: 20 }, 1],
  ['pf-ode rk45 (vp, tolerances 1e-5)', pfOde, () => vpSchedule(), { method: 'rk45' }, 1],
  ['pf-ode on karras (EDM Algorithm 1, 18 levels)', pfOde, () => karrasSchedule(), { method: 'heun' }, 80],
  ['dpm-solver++(2M) (vp, 10 steps)', dpmSolver, () => vpSchedule(), { steps: 10 }, 1],
  ['dpm-solver(3M) (vp, 15 steps)', dpmSolver, () => vpSchedule(), { algorithm: 'dpmsolver', order: 3, steps: 15 }, 1],
  ['dpm-solver++ singlestep 3 (vp, 6 steps)', dpmSolver, () => vpSchedule(), { order: 3, method: 'singlestep', steps: 6 }, 1],
  ['dpm-solver++(2M) on karras σ grid (18 levels)', dpmSolver, () => karrasSchedule(), { grid: 'sigmas' }, 80],
  ['pf-ode heun on the rectified-flow path (50 steps)', pfOde, () => flowSchedule(), { method: 'heun', steps: 50 }, 0.999],
  ['dpm-solver++(2M) on the rectified-flow path (20 steps)', dpmSolver, () => flowSchedule(), { steps: 20 }, 0.999],
  ['euler-ancestral (karras, 60 levels)', eulerAncestral, () => karrasSchedule({ N: 60 }), {}, 80],
  ['edm, S_churn 40 (karras, 18 levels)', edm, () => karrasSchedule(), { sChurn: 40, sTmin: 0.05, sTmax: 50, sNoise: 1.003 }, 80],
])('%s with the exact 8gaussians score', (_name, def, schedule, params, priorStd) => {
  it('turns prior noise into samples within 2× the SW₂ between two data draws', async () => {
    expect(await q.rateSampler(def, schedule(), params, priorStd)).toBeLessThan(2);
  });
});
