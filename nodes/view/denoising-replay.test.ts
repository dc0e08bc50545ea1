import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import type { ReplayPreview } from '../../src/engine/preview';
import type { Predictor, Schedule, Trajectory } from '../../src/engine/values';
import { normal } from '../lib/random';
import linear from '../schedule/linear';
import ve from '../schedule/ve';
import replay from './denoising-replay';

/**
 * For data x₀ ~ N(0, v I) the exact denoiser is E[x₀ | x_t] = a v x_t / (a² v + s²). A predictor
 * giving it natively (x0 reading) lets the test recompute every frame's x̂₀ from the schedule at
 * the frame's own time, independently of the node.
 */
const V = 0.25;
const gaussianDenoiser: Predictor = {
  name: 'exact N(0, v) denoiser',
  native: 'eps',
  // ε̂ = (x − a x̂₀)/s, so the node's x0 reading goes through a conversion.
  evaluate: (x, a, s) => tf.tidy(() => tf.div(tf.sub(x, tf.mul(x, (a * a * V) / (a * a * V + s * s))), s)),
};

function trajectoryOf(shape: number[], times: number[], timeLabel: string, seed: number): Trajectory {
  return { times, timeLabel, frames: normal([times.length, ...shape], seed) };
}

describe('view/denoising-replay', () => {
  it('gives x̂₀ = a v x_t/(a² v + s²) at each frame’s (a(t), s(t)), and the state itself at t = 0', async () => {
    const before = tf.memory().numTensors;
    const schedule = (await runNode(linear, {}, {})).schedule as Schedule;
    const times = [1, 0.7, 0.4, 0.1, 0];
    const traj = trajectoryOf([5, 4, 4, 1], times, 't', 1);
    const out = (await runNode(replay, { trajectory: traj, predictor: gaussianDenoiser, schedule }, { first: 1, samples: 3 })) as { x0: Trajectory; preview: ReplayPreview };
    expect(out.x0.frames.shape).toEqual([5, 3, 4, 4, 1]);
    const states = await traj.frames.data();
    const guesses = await out.x0.frames.data();
    times.forEach((t, j) => {
      const a = schedule.a(t);
      const s = schedule.s(t);
      const factor = s === 0 ? 1 / a : (a * V) / (a * a * V + s * s);
      for (let i = 0; i < 3 * 16; i++) expect(guesses[j * 48 + i]).toBeCloseTo(factor * states[j * 80 + 16 + i], 4);
    });
    // The preview: x_t and x̂₀ as grey levels, frame-major.
    const p = out.preview;
    expect([p.k, p.n, p.height, p.width]).toEqual([5, 3, 4, 4]);
    expect(p.xt[0]).toBe(Math.min(255, Math.max(0, Math.round((states[16] + 1) * 127.5))));
    expect(p.x0[4 * 48]).toBe(Math.min(255, Math.max(0, Math.round((states[4 * 80 + 16] + 1) * 127.5))));
    expect(Array.from(p.times)).toEqual(times.map(Math.fround));
    tf.dispose([traj.frames, out.x0.frames]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('places frames on a σ axis (VE: a = 1, s = σ) and keeps at most maxFrames, the first and last included', async () => {
    const schedule = (await runNode(ve, {}, {})).schedule as Schedule;
    const sigmas = Array.from({ length: 30 }, (_, j) => 10 * 0.8 ** j);
    const traj = trajectoryOf([2, 9], sigmas, 'σ', 2);
    const out = (await runNode(replay, { trajectory: traj, predictor: gaussianDenoiser, schedule }, { maxFrames: 6 })) as { x0: Trajectory; preview: ReplayPreview };
    expect(out.x0.times).toEqual([0, 6, 12, 17, 23, 29].map((j) => sigmas[j]));
    expect(out.preview.height).toBe(3);
    const states = await traj.frames.data();
    const guesses = await out.x0.frames.data();
    const s = sigmas[29];
    expect(guesses[5 * 18]).toBeCloseTo((V / (V + s * s)) * states[29 * 18], 5);
    tf.dispose([traj.frames, out.x0.frames]);
  });

  it('refuses frames that are not grey images, and a time axis off the path', async () => {
    const schedule = (await runNode(linear, {}, {})).schedule as Schedule;
    const points = trajectoryOf([4, 2], [1, 0], 't', 3);
    await expect(runNode(replay, { trajectory: points, predictor: gaussianDenoiser, schedule }, {})).rejects.toThrow(/trajectory: expected grey images/);
    const steps = trajectoryOf([4, 4], [0, 1], 'step', 3);
    await expect(runNode(replay, { trajectory: steps, predictor: gaussianDenoiser, schedule }, {})).rejects.toThrow(/'step' axis/);
    tf.dispose([points.frames, steps.frames]);
  });
});
