import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../../src/engine/context';
import { disposeValues } from '../../../src/engine/dispose';
import type { Values } from '../../../src/engine/node';
import { runNode } from '../../../src/engine/testing';
import type { Predictor, ScoreNetwork } from '../../../src/engine/values';
import { expandSampler } from '../../loop/expand';
import { node, runLoopNode } from '../../loop/testing';
import pfOde from '../../sampler/pf-ode';
import { normal } from '../random';
import { linearSchedule } from '../schedules';
import { scoreNetPredictor } from './score-predictor';
import { countedUNet, N, smallUNet, wholeBatchPredictor } from './unet-testing';

/**
 * Cancel inside one step of the solvers that do not go through runSteps: pf-ode's adaptive rk45
 * (six network calls an attempt) and loop/levels (its step nodes). With a U-Net a step takes
 * seconds on WASM; its calls run in slices (nn/interruptible.ts), so a cancel lands after one
 * slice. Slicing must not change a number.
 */

const schedule = () => linearSchedule({ T: 10 });
const RK45 = { method: 'rk45', rtol: 1e-2, atol: 1e-2 } as const;
const loopOf = (type: string, params: Record<string, unknown>) => expandSampler(node('S', type, params), { id: 'L' });

type Run = (predictor: Predictor, xT: tf.Tensor, opts?: { signal?: AbortSignal; onProgress?: (f: number) => void }) => Promise<Values>;
const rk45: Run = (predictor, xT, opts = {}) => runNode(pfOde, { predictor, schedule: schedule(), xT }, RK45, { seed: 4, ...opts });
const loop =
  (type: string, params: Record<string, unknown>): Run =>
  (predictor, xT, opts = {}) =>
    runLoopNode(loopOf(type, params), { predictor, schedule: schedule(), xT }, { seed: 4, ...opts });

const cases: [string, Run][] = [
  ['pf-ode rk45', rk45],
  ['a loop of step/ddim', loop('sampler/ddim', { steps: 4 })],
  ['a loop of step/ddpm', loop('sampler/ddpm', {})],
  ['a loop of step/pf-heun (two calls a pass)', loop('sampler/pf-ode', { method: 'heun', steps: 3 })],
];

describe('cancel inside a step of rk45 and of loops, with a sliced U-Net', () => {
  it.each(cases)('%s: the sliced predictor gives the whole-batch numbers bit for bit and the same NFE', async (_name, run) => {
    const before = tf.memory().numTensors;
    const net = smallUNet();
    const xT = normal<tf.Rank.R4>([N, 14, 14, 1], 3);
    const sliced = await run(scoreNetPredictor(net), xT);
    const whole = await run(wholeBatchPredictor(net), xT);
    expect(Array.from(await (sliced.x0 as tf.Tensor).data())).toEqual(Array.from(await (whole.x0 as tf.Tensor).data()));
    expect(sliced.nfe).toBe(whole.nfe);
    expect(sliced.nfe).toBeGreaterThan(2);
    disposeValues(sliced);
    disposeValues(whole);
    xT.dispose();
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each(cases)('%s: a cancel after the first step lands inside the next one, after one slice of its first call, leaking nothing', async (_name, run) => {
    const before = tf.memory().numTensors;
    const base = smallUNet();
    const { net, applies } = countedUNet(base);
    const controller = new AbortController();
    // Armed at the first progress report (after a whole step: N rows = 3 slices per call); the abort
    // comes from inside the next slice computed, so only the checkpoint before the slice after it can stop the run.
    let armed = -1;
    const predictor = scoreNetPredictor(Object.assign(Object.create(net) as typeof net, {
      apply: (x: tf.Tensor4D, sigma: number) => {
        const y = net.apply(x, sigma);
        if (armed >= 0 && applies() === armed + 1) controller.abort();
        return y;
      },
    }) as unknown as ScoreNetwork);
    const xT = normal<tf.Rank.R4>([N, 14, 14, 1], 3);
    const p = run(predictor, xT, { signal: controller.signal, onProgress: () => void (armed < 0 && (armed = applies())) });
    await expect(p).rejects.toBeInstanceOf(CancelledError);
    expect(armed % 3).toBe(0); // whole calls of 3 slices each before the first report
    expect(armed).toBeGreaterThanOrEqual(3);
    // Without slicing the next step would have made all its calls (≥ 3 slices) before the cancel was seen.
    expect(applies() - armed).toBe(1);
    xT.dispose();
    base.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
