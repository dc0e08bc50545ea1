import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/engine/context';
import type { AnyNodeDef } from '../../src/engine/node';
import { runNode } from '../../src/engine/testing';
import { analyticPredictor } from '../lib/analytic-predictor';
import { blurOperator } from '../lib/operators/blur';
import { imageMask, maskOperator } from '../lib/operators/mask';
import { measure } from '../lib/operators/measure';
import { normal } from '../lib/random';
import { gaussianImagePredictor } from '../lib/sampling/testing';
import { linearSchedule, vpSchedule } from '../lib/schedules';
import { toy2d } from '../lib/toy2d';
import ddrm from './ddrm';
import dps from './dps';
import pigdm from './pigdm';
import repaint from './repaint';

/** Leaks, cancel, determinism, y broadcasting and errors of the posterior samplers, with a measurement connected. */
const dist = toy2d('8gaussians');
const op = maskOperator(Float32Array.from([1, 0]), [2], 0.3, 'x₁ observed');
const schedule = vpSchedule({ N: 40 });
const lean: [string, AnyNodeDef, Record<string, unknown>][] = [
  ['dps', dps, {}],
  ['pigdm', pigdm, { steps: 20 }],
  ['ddrm', ddrm, { steps: 20 }],
  ['repaint', repaint, { jump: 4, resamples: 3 }],
];

type Out = { x0: tf.Tensor; trajectory: { frames: tf.Tensor } };
const free = (o: Out) => tf.dispose([o.x0, o.trajectory.frames]);

describe.each(lean)('sampler/%s with a measurement', (_name, def, params) => {
  it('is deterministic given the seed, broadcasts one row of y, leaks nothing, cancels cleanly', { timeout: 60_000 }, async () => {
    const xT = normal<tf.Rank.R2>([64, 2], 1);
    const y1 = tf.tensor2d([[2, 0]]);
    const yN = tf.tile(y1, [64, 1]);
    const predictor = analyticPredictor(dist);
    const before = tf.memory().numTensors;
    const run = (y: tf.Tensor, seed: number, signal?: AbortSignal) => runNode(def, { predictor, schedule, xT, operator: op, y }, params, { seed, signal }) as Promise<Out>;
    const [a, b, c, d] = [await run(y1, 1), await run(y1, 1), await run(yN, 1), await run(y1, 2)];
    const va = Array.from(await a.x0.data());
    expect(va.every(Number.isFinite)).toBe(true);
    expect(Array.from(await b.x0.data())).toEqual(va);
    expect(Array.from(await c.x0.data())).toEqual(va);
    expect(Array.from(await d.x0.data())).not.toEqual(va);
    [a, b, c, d].forEach(free);
    expect(tf.memory().numTensors).toBe(before);
    const ctrl = new AbortController();
    let calls = 0;
    const stopping = { name: predictor.name, native: predictor.native, evaluate: (x: tf.Tensor, al: number, s: number) => (++calls === 5 && ctrl.abort(), predictor.evaluate(x, al, s)) };
    await expect(runNode(def, { predictor: stopping, schedule, xT, operator: op, y: y1 }, params, { signal: ctrl.signal })).rejects.toBeInstanceOf(CancelledError);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([xT, y1, yN]);
  });

  it('names the port of a bad measurement', async () => {
    const xT = normal<tf.Rank.R2>([8, 2], 1);
    const y = tf.tensor2d([[2, 0]]);
    const predictor = analyticPredictor(dist);
    const before = tf.memory().numTensors;
    const run = (inputs: Record<string, unknown>) => runNode(def, { predictor, schedule, xT, ...inputs }, params);
    await expect(run({ operator: op })).rejects.toMatchObject({ port: 'y' });
    await expect(run({ y })).rejects.toMatchObject({ port: 'operator' });
    await expect(run({ operator: op, y: tf.zeros([3, 2]) })).rejects.toMatchObject({ port: 'y' });
    await expect(run({ operator: maskOperator(Float32Array.from([1, 0, 1]), [3], 0.1, 'three'), y: tf.zeros([1, 3]) })).rejects.toMatchObject({ port: 'operator' });
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose([xT, y]);
  });
});

describe('posterior samplers on images', () => {
  it('DDRM, ΠGDM and DPS fit a blurred measurement of Gaussian images to σ_y; RePaint refuses a blur (not a mask) and pastes a mask’s y', { timeout: 60_000 }, async () => {
    const mu = tf.tidy(() => tf.mul(tf.tanh(normal([8, 8, 1], 3)), 0.5));
    const predictor = gaussianImagePredictor(mu, 0.3, 'eps');
    const blur = blurOperator([8, 8, 1], 1, 0.05);
    const truth = tf.tidy(() => tf.add(mu, tf.mul(normal([16, 8, 8, 1], 4), 0.3)));
    const y = measure(blur, truth, 5);
    const xT = normal([16, 8, 8, 1], 6);
    const sch = linearSchedule({ T: 200 });
    const before = tf.memory().numTensors;
    // Measurement consistency: the truth gives RMS(A x − y) ≈ σ_y = 0.05; fresh prior draws 0.125.
    const resid = async (x: tf.Tensor) => {
      const r = tf.tidy(() => tf.sqrt(tf.mean(tf.square(tf.sub(blur.apply(x), y)))));
      const v = (await r.data())[0];
      r.dispose();
      return v;
    };
    const priorDraw = tf.tidy(() => tf.add(mu, tf.mul(normal([16, 8, 8, 1], 7), 0.3)));
    expect(await resid(priorDraw)).toBeGreaterThan(0.11);
    priorDraw.dispose();
    for (const [def, params] of [
      [ddrm, { steps: 50 }],
      [pigdm, { steps: 50 }],
      [dps, { zeta: 0.5 }],
    ] as const) {
      const out = (await runNode(def, { predictor, schedule: sch, xT, operator: blur, y }, params, { seed: 1 })) as Out;
      const err = await resid(out.x0);
      // Measured 0.041 (DDRM), 0.050 (ΠGDM), 0.049 (DPS).
      expect(err, def.type).toBeLessThan(0.08);
      free(out);
    }
    await expect(runNode(repaint, { predictor, schedule: sch, xT, operator: blur, y }, {})).rejects.toMatchObject({ port: 'operator' });
    expect(tf.memory().numTensors).toBe(before);
    const lower = maskOperator(imageMask(8, 8, { kind: 'lower-half' }), [8, 8, 1], 0, 'lower half');
    const ym = measure(lower, truth, 5, true);
    const out = (await runNode(repaint, { predictor, schedule: linearSchedule({ T: 50 }), xT, operator: lower, y: ym }, { jump: 5, resamples: 2 }, { seed: 1 })) as Out;
    // RePaint pastes y into the observed pixels at t = 0.
    const observed = tf.tidy(() => tf.max(tf.abs(tf.sub(lower.apply(out.x0), ym))));
    expect((await observed.data())[0]).toBeLessThan(1e-6);
    tf.dispose([mu, truth, y, xT, ym, observed]);
    free(out);
  });
});
