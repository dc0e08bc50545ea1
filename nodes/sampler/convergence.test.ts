import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyNodeDef } from '../../src/engine/node';
import { runNode } from '../../src/engine/testing';
import { analyticPredictor } from '../lib/analytic-predictor';
import { fittedOrder } from '../lib/sampling/convergence';
import { normal } from '../lib/random';
import { vpSchedule } from '../lib/schedules';
import { toy2d } from '../lib/toy2d';
import dpmSolver from './dpm-solver';
import pfOde from './pf-ode';

/**
 * Convergence orders of the ODE solvers: with the exact 8-Gaussians score on the VP path, from one
 * x_T (64 points), the RMS error of each solver's x(tEnd = 0.01) against adaptive Dormand–Prince
 * at rtol = atol = 1e-8 (218 evaluations), fitted as error ∝ NFE^(−p) by least squares in log-log.
 * Measured errors (NFE 48 → 96 → 192): Euler 1.1e-2, 5.4e-3, 2.7e-3; Heun 6.9e-3, 1.9e-3, 4.9e-4;
 * DPM-Solver++(2M) 2.7e-3, 6.8e-4, 1.7e-4; DPM-Solver++(3M) 5.8e-4, 6.2e-5, 7.3e-6; singlestep-2
 * 6.1e-3, 1.7e-3, 4.6e-4; singlestep-3 (96 → 384) 2.6e-4, 3.8e-5, 5.3e-6. Below NFE ≈ 40 the first
 * steps (the mixture's score changes fast near t = 1 → 0.01 in λ) dominate; the errors stay three
 * orders above float32 round-off (~1e-6 here) over these ranges.
 */
const tEnd = 0.01;
let reference: number[];
let xT: tf.Tensor;
const predictor = analyticPredictor(toy2d('8gaussians'));
const schedule = vpSchedule();

beforeAll(async () => {
  xT = normal([64, 2], 3);
  const out = await runNode(pfOde, { predictor, schedule, xT }, { method: 'rk45', rtol: 1e-8, atol: 1e-8, tEnd });
  reference = Array.from(await (out.x0 as tf.Tensor).data());
  tf.dispose([out.x0 as tf.Tensor, (out.trajectory as { frames: tf.Tensor }).frames]);
});
afterAll(() => xT.dispose());

async function rmsError(def: AnyNodeDef, params: Record<string, unknown>): Promise<[number, number]> {
  const out = await runNode(def, { predictor, schedule, xT }, { ...params, tEnd });
  const v = Array.from(await (out.x0 as tf.Tensor).data());
  tf.dispose([out.x0 as tf.Tensor, (out.trajectory as { frames: tf.Tensor }).frames]);
  return [out.nfe as number, Math.sqrt(v.reduce((acc, x, i) => acc + (x - reference[i]) ** 2, 0) / v.length)];
}

describe('convergence orders of the probability-flow ODE solvers (exact score, VP path)', () => {
  it.each<[string, AnyNodeDef, (nfe: number) => Record<string, unknown>, number[], number]>([
    ['Euler has order 1 ± 0.3', pfOde, (nfe) => ({ method: 'euler', steps: nfe }), [48, 96, 192], 1],
    ['Heun has order 2 ± 0.3', pfOde, (nfe) => ({ method: 'heun', steps: nfe / 2 }), [48, 96, 192], 2],
    ['DPM-Solver++(2M) has order 2 ± 0.3', dpmSolver, (nfe) => ({ order: 2, steps: nfe, lowerOrderFinal: false }), [48, 96, 192], 2],
    ['DPM-Solver-2 (singlestep) has order 2 ± 0.3', dpmSolver, (nfe) => ({ order: 2, method: 'singlestep', steps: nfe / 2 }), [48, 96, 192], 2],
    ['DPM-Solver++(3M) has order 3 ± 0.3', dpmSolver, (nfe) => ({ order: 3, steps: nfe, lowerOrderFinal: false }), [48, 96, 192], 3],
    ['DPM-Solver-3 (singlestep) has order 3 ± 0.3', dpmSolver, (nfe) => ({ order: 3, method: 'singlestep', steps: nfe / 3 }), [96, 192, 384], 3],
  ])('%s', async (_name, def, params, nfes, order) => {
    const points: [number, number][] = [];
    for (const nfe of nfes) points.push(await rmsError(def, params(nfe)));
    expect(points.map(([n]) => n)).toEqual(nfes);
    expect(Math.abs(fittedOrder(points) - order)).toBeLessThan(0.3);
  });
});
