import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyNodeDef } from '../../src/engine/node';
import { runNode } from '../../src/engine/testing';
import type { ScoreNetwork } from '../../src/engine/values';
import type { Predictor } from '../lib/predictor';
import { normal } from '../lib/random';
import type { Schedule } from '../lib/schedule';
import { flowSchedule, vpSchedule } from '../lib/schedules';
import { toy2d } from '../lib/toy2d';
import scoreMlp from '../model/score-mlp';
import ddpm from '../sampler/ddpm';
import dpmSolver from '../sampler/dpm-solver';
import pfOde from '../sampler/pf-ode';
import denoising from './denoising';
import { swdRatio } from './swd-ratio';

/**
 * One predictor, any path, whatever the loss: a score MLP trained by flow matching (output and
 * target 'flow', ε − x₀, on the rectified-flow path) samples moons on the VP path, and one trained
 * by DDPM's ε-loss on the VP path samples on the rectified-flow path. The net sees (x/a, σ = s/a)
 * and ε̂, x̂₀ and û = ε̂ − x̂₀ depend on those only, so the readings carry across. Bar: 3× the
 * data-to-data SW₂, as the other training tests.
 */
const dist = toy2d('moons');
const vp = vpSchedule({ N: 250 });
const flow = flowSchedule();
let quality: Awaited<ReturnType<typeof swdRatio>>;
const trained: ScoreNetwork[] = [];

async function train(output: 'flow' | 'eps', schedule: Schedule): Promise<Predictor> {
  const { model } = await runNode(scoreMlp, {}, { hidden: 64, layers: 3, output }, { seed: 1 });
  const out = await runNode(denoising, { model, data: dist, schedule }, { steps: 1500, batch: 256, lr: 2e-3, ema: 0.99, target: output }, { seed: 2 });
  (model as ScoreNetwork).dispose();
  trained.push(out.model as ScoreNetwork);
  return out.predictor as Predictor;
}

async function rate(predictor: Predictor, def: AnyNodeDef, schedule: Schedule, params: Record<string, unknown>): Promise<number> {
  const xT = tf.tidy(() => tf.mul(normal([2000, 2], 9), schedule.priorStd));
  const r = (await runNode(def, { predictor, schedule, xT }, params, { seed: 3 })) as { x0: tf.Tensor2D; trajectory: { frames: tf.Tensor } };
  try {
    return await quality.rate(r.x0);
  } finally {
    tf.dispose([xT, r.x0, r.trajectory.frames]);
  }
}

let flowNet: Predictor;
let epsNet: Predictor;
beforeAll(async () => {
  quality = await swdRatio(dist);
  flowNet = await train('flow', flow);
  epsNet = await train('eps', vp);
}, 120_000);
afterAll(() => {
  trained.forEach((m) => m.dispose());
  quality.dispose();
});

describe('flow matching and ε-prediction through one predictor', () => {
  it('a flow-matching net reads as flow natively and samples on its own path (Heun, 50 steps) within 3×', async () => {
    expect(flowNet.native).toBe('flow');
    expect(await rate(flowNet, pfOde, flow, { method: 'heun', steps: 50 })).toBeLessThan(3);
  });
  it('the flow-matching net samples on the VP path: DDPM (250 steps) and DPM-Solver++(2M) (20 steps) within 3×', async () => {
    expect(await rate(flowNet, ddpm, vp, {})).toBeLessThan(3);
    expect(await rate(flowNet, dpmSolver, vp, { steps: 20 })).toBeLessThan(3);
  });
  it('an ε-prediction net trained on the VP path samples on the rectified-flow path (Heun, 50 steps) within 3×', async () => {
    // Its σ range: the VP path reaches σ = s(1)/a(1) ≈ 156, so the flow path stops at τ_max = 0.99 (σ = 99).
    // (At τ_max = 0.999, σ = 999, the net is read outside its training range and x̂₀ = (x − sε̂)/a
    // multiplies its error by 1/a = 1000: measured ratio 12.)
    expect(await rate(epsNet, pfOde, flowSchedule({ tauMax: 0.99 }), { method: 'heun', steps: 50 })).toBeLessThan(3);
  });
});
