import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { CancelledError, NodeRunError } from '../../src/engine/context';
import type { LinesPreview } from '../../src/engine/preview';
import { runNode } from '../../src/engine/testing';
import type { Series } from '../../src/engine/values';
import { restoreModel } from '../lib/nn/kinds';
import type { ScoreNet } from '../lib/nn/score-net';
import type { Predictor } from '../lib/predictor';
import { normal } from '../lib/random';
import { vpSchedule } from '../lib/schedules';
import { toy2d } from '../lib/toy2d';
import scoreMlp from '../model/score-mlp';
import denoising from './denoising';

const small = { hidden: 32, layers: 2 };
const fast = { steps: 60, batch: 64 };

async function newModel(params: Record<string, unknown> = small): Promise<ScoreNet> {
  return (await runNode(scoreMlp, {}, params, { seed: 1 })).model as ScoreNet;
}

describe('train/denoising', () => {
  it('trains a copy: the input model keeps its weights, the loss falls, the curve streams', async () => {
    const before = tf.memory().numTensors;
    const model = await newModel();
    const initial = await model.getWeights();
    const previews: LinesPreview[] = [];
    const out = (await runNode(denoising, { model, data: toy2d('8gaussians'), schedule: vpSchedule() }, { steps: 300, batch: 128, lr: 3e-3 }, { seed: 2, onProgress: (_f, p) => p && previews.push(p as LinesPreview) })) as {
      model: ScoreNet;
      predictor: Predictor;
      loss: Series;
    };
    expect(out.model).not.toBe(model);
    expect(Array.from((await model.getWeights()).theta)).toEqual(Array.from(initial.theta));
    expect(Array.from((await out.model.getWeights()).theta)).not.toEqual(Array.from(initial.theta));
    const y = out.loss.y;
    expect(y.length).toBe(300);
    // An untrained net predicts ε̂ ≈ 0, a loss of E|ε|²/d = 1; trained on 8 Gaussians it falls well below.
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(y.slice(0, 10))).toBeGreaterThan(0.7);
    expect(mean(y.slice(-50))).toBeLessThan(0.6);
    expect(previews.at(-1)?.kind).toBe('lines');
    expect(previews.at(-1)?.series[0].y.length).toBe(300);
    expect(out.predictor.native).toBe('eps');
    model.dispose();
    out.model.dispose();
    expect(out.model.isDisposed).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is reproducible from its seed, and accepts a fixed point set as data', async () => {
    const model = await newModel();
    const points = toy2d('moons').sample(500, 3);
    const run = async (seed: number) => {
      const out = (await runNode(denoising, { model, data: points, schedule: vpSchedule() }, fast, { seed })) as { model: ScoreNet; loss: Series };
      out.model.dispose();
      return out.loss.y;
    };
    const a = await run(4);
    expect(await run(4)).toEqual(a);
    expect(await run(5)).not.toEqual(a);
    model.dispose();
    points.dispose();
  });

  it('averages the loss into at most 500 points for long runs', async () => {
    const model = await newModel({ hidden: 8, layers: 1 });
    const out = (await runNode(denoising, { model, data: toy2d('moons'), schedule: vpSchedule() }, { steps: 1100, batch: 8 }, { seed: 1 })) as { model: ScoreNet; loss: Series };
    // blocks of ⌈1100/500⌉ = 3 steps: 367 points, the last ending at step 1100.
    expect(out.loss.x.length).toBe(367);
    expect(out.loss.x.at(-1)).toBe(1100);
    model.dispose();
    out.model.dispose();
  });

  it('leaves no tensors behind when cancelled', async () => {
    const model = await newModel();
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    let calls = 0;
    const run = runNode(denoising, { model, data: toy2d('moons'), schedule: vpSchedule() }, { steps: 100_000, batch: 64 }, {
      signal: controller.signal,
      onProgress: () => {
        if (++calls === 2) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('restores trained weights into a model that predicts the same, and leaks nothing', async () => {
    const model = await newModel();
    const out = (await runNode(denoising, { model, data: toy2d('moons'), schedule: vpSchedule() }, fast, { seed: 1 })) as { model: ScoreNet };
    const x = normal<tf.Rank.R2>([50, 2], 3);
    const a = out.model.apply(x, 0.7); // also makes the model's weight cache, which lives as long as the model
    const before = tf.memory().numTensors;
    const restored = restoreModel(JSON.parse(JSON.stringify(out.model.config)), await out.model.getWeights()) as ScoreNet;
    const b = restored.apply(x, 0.7);
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    b.dispose();
    restored.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, a]);
    model.dispose();
    out.model.dispose();
  });

  it('names the port at fault', async () => {
    const model = await newModel({ ...small, dim: 3 });
    await expect(runNode(denoising, { model, data: toy2d('moons'), schedule: vpSchedule() }, fast)).rejects.toThrow(/dimension 2, the model was made for 3/);
    await expect(runNode(denoising, { model: {}, data: toy2d('moons'), schedule: vpSchedule() }, fast)).rejects.toBeInstanceOf(NodeRunError);
    // A score network by the port's contract, but of a kind the lab does not train: refused on its port, by kind.
    const foreign = { kind: 'foreign-net', config: { kind: 'foreign-net', output: 'eps' }, variables: {}, getWeights: async () => ({}), setWeights: () => undefined, dispose: () => undefined, isDisposed: false, apply: (x: tf.Tensor) => x };
    const refusal = await runNode(denoising, { model: foreign, data: toy2d('moons'), schedule: vpSchedule() }, fast).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(NodeRunError);
    expect((refusal as NodeRunError).port).toBe('model');
    expect((refusal as Error).message).toMatch(/model: expected a score network the lab trains \(model\/score-mlp or model\/unet\), got a foreign-net/);
    model.dispose();
  });
});
