import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../../src/engine/context';
import { disposeValues } from '../../../src/engine/dispose';
import { runNode, testContext } from '../../../src/engine/testing';
import type { ScoreNetwork } from '../../../src/engine/values';
import ddim from '../../sampler/ddim';
import ddpm from '../../sampler/ddpm';
import pfOde from '../../sampler/pf-ode';
import { normal } from '../random';
import { linearSchedule } from '../schedules';
import { evaluateInSlices, interruptibleStep } from './interruptible';
import { scoreNetPredictor } from './score-predictor';
import type { UNet } from './unet';
import { N, smallUNet, wholeBatchPredictor } from './unet-testing';

describe('interruptible U-Net evaluations', () => {
  it('slices give the whole batch’s numbers bit for bit, in and out of an interruptible step', async () => {
    const before = tf.memory().numTensors;
    const net = smallUNet();
    const x = normal<tf.Rank.R4>([N, 14, 14, 1], 5);
    const whole = wholeBatchPredictor(net).evaluate(x, 0.8, 0.6);
    const sliced = scoreNetPredictor(net).evaluate(x, 0.8, 0.6);
    expect(Array.from(await sliced.data())).toEqual(Array.from(await whole.data()));
    let checkpoints = 0;
    // A step with two expensive calls, the second on the first's output: it runs three times.
    const stepped = await interruptibleStep(
      async () => void checkpoints++,
      () => {
        const p = scoreNetPredictor(net);
        return p.evaluate(tf.mul(p.evaluate(x, 0.8, 0.6), 0.5), 0.8, 0.6);
      },
    );
    const twice = tf.tidy(() => wholeBatchPredictor(net).evaluate(tf.mul(sliced, 0.5), 0.8, 0.6));
    expect(Array.from(await stepped.data())).toEqual(Array.from(await twice.data()));
    expect(checkpoints).toBe(6); // one before each of 3 slices, for each of the 2 calls
    tf.dispose([x, whole, sliced, stepped, twice]);
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a batch that fits one slice, or a scalar, runs as one call', () => {
    let calls = 0;
    const double = (xs: tf.Tensor) => {
      calls++;
      return tf.mul(xs, 2);
    };
    const x = tf.ones([3, 2]);
    const s = tf.scalar(1);
    const y = evaluateInSlices(x, 10, double);
    const z = evaluateInSlices(s, 10, double);
    expect(calls).toBe(2);
    expect(y.shape).toEqual([3, 2]);
    tf.dispose([x, s, y, z]);
  });

  it.each([
    ['sampler/ddim', ddim, { steps: 3 }],
    ['sampler/ddpm', ddpm, {}],
    // Two network calls a step: a step's second attempt replays its first call, which must not count twice.
    ['sampler/pf-ode (heun)', pfOde, { method: 'heun', steps: 3 }],
  ] as const)('%s with the sliced U-Net predictor: the same samples as one call per step, and its NFE', async (_name, sampler, params) => {
    const before = tf.memory().numTensors;
    const net = smallUNet();
    const schedule = linearSchedule({ T: 6 });
    const xT = normal<tf.Rank.R4>([N, 14, 14, 1], 3);
    const sliced = await runNode(sampler, { predictor: scoreNetPredictor(net), schedule, xT }, params, { seed: 4 });
    const whole = await runNode(sampler, { predictor: wholeBatchPredictor(net), schedule, xT }, params, { seed: 4 });
    expect(Array.from(await (sliced.x0 as tf.Tensor).data())).toEqual(Array.from(await (whole.x0 as tf.Tensor).data()));
    expect(sliced.nfe).toBe(whole.nfe);
    expect(sliced.nfe).toBe(sampler === ddim ? 3 : 6);
    disposeValues(sliced);
    disposeValues(whole);
    xT.dispose();
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a cancel at progress 0.1 lands inside the next step, after one slice of its U-Net call, leaking nothing', async () => {
    const before = tf.memory().numTensors;
    const net = smallUNet();
    let applies = 0;
    const counted = Object.assign(Object.create(net) as UNet, {
      apply: (x: tf.Tensor4D, sigma: number) => {
        applies++;
        return net.apply(x, sigma);
      },
    });
    const controller = new AbortController();
    let appliesAtArming = -1;
    const ctx = testContext({
      seed: 4,
      signal: controller.signal,
      onProgress: (f) => {
        if (f >= 0.1 && appliesAtArming < 0) appliesAtArming = applies;
      },
    });
    let armedCheckpoints = 0;
    const checkpoint = ctx.checkpoint;
    // Abort at the third checkpoint after progress 0.1: the chain's own after step 1, then one before each slice of step 2's U-Net call.
    ctx.checkpoint = async () => {
      if (appliesAtArming >= 0 && ++armedCheckpoints === 3) controller.abort();
      return checkpoint();
    };
    const xT = normal<tf.Rank.R4>([N, 14, 14, 1], 3);
    const run = ddim.run({ predictor: scoreNetPredictor(counted as unknown as ScoreNetwork), schedule: linearSchedule({ T: 10 }), xT } as never, ddim.params.parse({ steps: 10 }), ctx);
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(appliesAtArming).toBe(3); // step 1: three slices
    expect(applies - appliesAtArming).toBe(1); // step 2 stopped after its first slice
    xT.dispose();
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
