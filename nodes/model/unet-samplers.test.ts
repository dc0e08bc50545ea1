import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { disposeValues } from '../../src/engine/dispose';
import type { AnyNodeDef } from '../../src/engine/node';
import { runNode } from '../../src/engine/testing';
import { scoreNetPredictor } from '../lib/nn/score-predictor';
import { buildUNet, unetConfig, unetInit } from '../lib/nn/unet';
import { unetParamCount } from '../lib/nn/unet-layout';
import { normal } from '../lib/random';
import { linearSchedule } from '../lib/schedules';
import ddim from '../sampler/ddim';
import ddpm from '../sampler/ddpm';
import pfOde from '../sampler/pf-ode';

/**
 * The U-Net's predictor in the samplers: images [N, H, W, C] go through unchanged, and a run on
 * images gives, to the bit, the run on the same batch as rows [N, H·W·C] (the net reads rows as
 * images), for a deterministic and two stochastic samplers. The net's weights are random (not the
 * zero-initialised output), so its predictions are not trivially zero.
 */
describe('samplers with a U-Net predictor', () => {
  it.each([
    ['sampler/ddim', ddim, { steps: 4 }],
    ['sampler/ddpm', ddpm, {}],
    ['sampler/pf-ode', pfOde, { steps: 4 }],
  ] as [string, AnyNodeDef, Record<string, unknown>][])('%s runs on images [N, 14, 14, 1] and equals its run on rows', async (_name, sampler, params) => {
    const before = tf.memory().numTensors;
    const config = unetConfig({ height: 14, width: 14, channels: 1, levels: [8, 16], blocks: 1, attention: false, classes: 0, embedding: 'sinusoidal', output: 'eps' }, 0);
    const theta = tf.tidy(() => tf.add(unetInit(config, 1), tf.mul(normal<tf.Rank.R1>([unetParamCount(config)], 2), 0.05)));
    const net = buildUNet(config, theta);
    const predictor = scoreNetPredictor(net);
    const schedule = linearSchedule({ T: 8 });
    const images = normal<tf.Rank.R4>([3, 14, 14, 1], 3);
    const rows = tf.reshape(images, [3, 196]);
    const onImages = await runNode(sampler, { predictor, schedule, xT: images }, params, { seed: 4 });
    const onRows = await runNode(sampler, { predictor, schedule, xT: rows }, params, { seed: 4 });
    const x0 = onImages.x0 as tf.Tensor;
    expect(x0.shape).toEqual([3, 14, 14, 1]);
    const a = await x0.data();
    const b = await (onRows.x0 as tf.Tensor).data();
    expect(a.every(Number.isFinite)).toBe(true);
    expect(Array.from(a)).toEqual(Array.from(b));
    disposeValues(onImages);
    disposeValues(onRows);
    tf.dispose([images, rows]);
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
