import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { disposeValues } from '../../src/engine/dispose';
import type { ImagesPreview, LinesPreview } from '../../src/engine/preview';
import { runNode } from '../../src/engine/testing';
import type { Series } from '../../src/engine/values';
import { loadMnist } from '../lib/mnist-source';
import { mnistDistribution } from '../lib/mnist-distribution';
import type { Model } from '../lib/nn/model';
import { PREVIEW_SAMPLES, PREVIEW_STEPS } from '../lib/nn/training-samples';
import { imagesPreview } from '../lib/previews';
import { deriveSeed, normal } from '../lib/random';
import { linearSchedule } from '../lib/schedules';
import unet from '../model/unet';
import ddim from '../sampler/ddim';
import scoreModel from '../score/model';
import denoising from './denoising';

describe('train/denoising preview grid', () => {
  it('shows DDIM samples of the averaged weights every K steps and at the end, the same for a seed, and changes no number of the training', { timeout: 300_000 }, async () => {
    const before = tf.memory().numTensors;
    const data = mnistDistribution(await loadMnist(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 200, 14);
    const source = (await runNode(unet, {}, { height: 14, width: 14, levels: [8, 16] }, { seed: 1 })).model as Model;
    const params = { steps: 7, batch: 8, lr: 3e-3, ema: 0.8 };
    const train = async (previewEvery: number) => {
      const grids: [number, ImagesPreview][] = [];
      const out = await runNode(denoising, { model: source, data, schedule: linearSchedule() }, { ...params, previewEvery }, {
        seed: 2,
        onProgress: (f, p) => {
          const samples = (p as LinesPreview | undefined)?.samples;
          if (samples && grids.at(-1)?.[1] !== samples) grids.push([Math.round(f * params.steps), samples]);
        },
      });
      return { out, grids };
    };
    const shown = await train(3);
    const again = await train(3);
    const plain = await train(0);
    // Steps 3 and 6, and the last (7); none with previewEvery 0.
    expect(shown.grids.map(([k]) => k)).toEqual([3, 6, 7]);
    expect(shown.grids.map(([, g]) => g.title)).toEqual([3, 6, 7].map((k) => `DDIM ${PREVIEW_STEPS} steps at step ${k}`));
    expect(plain.grids).toEqual([]);
    const last = shown.grids[2][1];
    expect([last.n, last.height, last.width, last.pixels.length]).toEqual([PREVIEW_SAMPLES, 14, 14, PREVIEW_SAMPLES * 196]);
    expect(Array.from(again.grids[2][1].pixels)).toEqual(Array.from(last.pixels));
    // The last grid is what sampler/ddim (10 steps, η = 0) draws from the trained output model with x_T from (seed, 5).
    const { predictor } = await runNode(scoreModel, { model: shown.out.model }, {});
    const xT = normal<tf.Rank.R4>([PREVIEW_SAMPLES, 14, 14, 1], deriveSeed(2, 5));
    const sampled = await runNode(ddim, { predictor, schedule: linearSchedule(), xT }, { steps: PREVIEW_STEPS, eta: 0 });
    const grey = tf.reshape(sampled.x0 as tf.Tensor, [PREVIEW_SAMPLES, 14, 14]) as tf.Tensor3D;
    expect(Array.from(last.pixels)).toEqual(Array.from((await imagesPreview(grey, PREVIEW_SAMPLES)).pixels));
    // The training itself is untouched: the same loss curve and weights.
    expect((shown.out.loss as Series).y).toEqual((plain.out.loss as Series).y);
    const [a, b] = [shown.out.model as Model, plain.out.model as Model].map((m) => m.variables.theta.dataSync());
    expect(Array.from(a)).toEqual(Array.from(b));
    tf.dispose([xT, grey]);
    disposeValues(sampled);
    for (const r of [shown, again, plain]) disposeValues(r.out);
    source.dispose();
    data.dispose?.();
    expect(tf.memory().numTensors).toBe(before);
  });
});
