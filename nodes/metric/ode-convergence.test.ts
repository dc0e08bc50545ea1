import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import type { Series } from '../../src/engine/values';
import { analyticPredictor } from '../lib/analytic-predictor';
import { fittedOrder, nfeLadder } from '../lib/sampling/convergence';
import { normal } from '../lib/random';
import { vpSchedule } from '../lib/schedules';
import { toy2d } from '../lib/toy2d';
import odeConvergence from './ode-convergence';

describe('metric/ode-convergence', () => {
  it('fittedOrder recovers p from errors C·NFE^(−p) exactly; nfeLadder spaces budgets in log, in whole steps', () => {
    expect(fittedOrder([10, 20, 40, 80].map((n) => [n, 3 * n ** -2.5] as const))).toBeCloseTo(2.5, 12);
    expect(nfeLadder(48, 192, 3, 1)).toEqual([48, 96, 192]);
    expect(nfeLadder(96, 384, 3, 3)).toEqual([96, 192, 384]);
    expect(nfeLadder(10, 11, 4, 2)).toEqual([10, 12]);
  });

  it('measures Heun as second order with the exact 8gaussians score, and leaks nothing', async () => {
    const xT = normal([64, 2], 3);
    const before = tf.memory().numTensors;
    const out = await runNode(odeConvergence, { predictor: analyticPredictor(toy2d('8gaussians')), schedule: vpSchedule(), xT }, { solver: 'heun' });
    const series = out.error as Series;
    expect(series.x).toEqual([48, 96, 192]);
    expect(series.y[0]).toBeGreaterThan(series.y[2] * 8);
    expect(Math.abs((out.order as number) - 2)).toBeLessThan(0.3);
    expect(series.name).toMatch(/^heun: order ≈ 1\.9/);
    expect(tf.memory().numTensors).toBe(before);
    xT.dispose();
  });
});
