import * as tf from '@tensorflow/tfjs';
import type { RunContext } from '../../../src/engine/context';
import type { Trajectory } from '../../../src/engine/values';
import { interruptibleStep } from '../nn/interruptible';
import { deriveSeed, normal } from '../random';

/** At most this many trajectory frames (the start included). */
export const MAX_FRAMES = 20;
/** Frames are cut so that all snapshots hold at most this many numbers (64 MB of float32). */
export const FRAME_BUDGET = 2 ** 24;

export interface SamplerResult {
  x0: tf.Tensor;
  trajectory: Trajectory;
}

/**
 * The state of a sampling loop: owns the current x, keeps tf.clone snapshots at evenly spaced
 * fractions of the run, reports throttled progress and yields for cancel. The loop calls
 * `advance` after each step; `finish` hands over x0 and the stacked trajectory, `dispose` frees
 * everything (error or cancel).
 */
export class Chain {
  x: tf.Tensor;
  private readonly frames: tf.Tensor[] = [];
  private readonly times: number[] = [];
  private readonly nFrames: number;
  private lastPercent = 0;

  constructor(
    private readonly ctx: RunContext,
    xT: tf.Tensor,
    t0: number,
    private readonly timeLabel: string,
  ) {
    // xT is any batch [N, …] (points [n, d], images [N, H, W, C]); frames stack to [k, N, …].
    this.nFrames = Math.max(2, Math.min(MAX_FRAMES, Math.floor(FRAME_BUDGET / Math.max(1, xT.size))));
    this.x = tf.clone(xT);
    this.snapshot(t0);
  }

  private snapshot(time: number): void {
    this.frames.push(tf.clone(this.x));
    this.times.push(time);
  }

  /** Make `next` the state, at `fraction` ∈ (0, 1] of the run and time `time`; then yield (throws if cancelled). */
  async advance(next: tf.Tensor, fraction: number, time: number): Promise<void> {
    this.x.dispose();
    this.x = next;
    // Frame k is taken at the first step reaching fraction k/(nFrames − 1); the last at fraction 1.
    const k = this.frames.length;
    if (k < this.nFrames && fraction * (this.nFrames - 1) >= k - 1e-9) this.snapshot(time);
    const percent = Math.floor(fraction * 100);
    if (percent > this.lastPercent) {
      this.lastPercent = percent;
      this.ctx.progress(Math.min(fraction, 1));
    }
    await this.ctx.checkpoint();
  }

  finish(): SamplerResult {
    const frames = tf.stack(this.frames) as tf.Tensor;
    tf.dispose(this.frames);
    this.frames.length = 0;
    const x0 = this.x;
    return { x0, trajectory: { frames, times: [...this.times], timeLabel: this.timeLabel } };
  }

  dispose(): void {
    tf.dispose(this.frames);
    this.frames.length = 0;
    this.x.dispose();
  }
}

/**
 * Run `total` steps of `step` (x, j) → x_new from xT, the j-th step ending at time `timeAt(j + 1)`.
 * Each step runs in tf.tidy (its noise and intermediates are freed). Leaves no tensors behind on
 * success, error or cancel.
 */
export async function runSteps(
  ctx: RunContext,
  xT: tf.Tensor,
  total: number,
  timeAt: (j: number) => number,
  timeLabel: string,
  step: (x: tf.Tensor, j: number) => tf.Tensor,
): Promise<SamplerResult> {
  const chain = new Chain(ctx, xT, timeAt(0), timeLabel);
  try {
    // interruptibleStep: tf.tidy(step), with a U-Net's long evaluations yielding between slices of the batch.
    for (let j = 0; j < total; j++) await chain.advance(await interruptibleStep(() => ctx.checkpoint(), () => step(chain.x, j)), (j + 1) / total, timeAt(j + 1));
    return chain.finish();
  } catch (e) {
    chain.dispose();
    throw e;
  }
}

/**
 * The seed of the noise of one step. Not deriveSeed(seed, step) itself: its first round is
 * F(seed ⊕ step), so seed s at step j draws what seed s' draws at step j ⊕ s ⊕ s' (runs with
 * nearby seeds share their noise, permuted over steps). Mixing the seed once first makes a shared
 * draw need |F(s ⊕ c) ⊕ F(s' ⊕ c)| < steps, a chance of about steps/2³².
 */
export function stepSeed(seed: number, ...salt: number[]): number {
  return deriveSeed(deriveSeed(seed, NOISE_STREAM), ...salt);
}
const NOISE_STREAM = 0x9e3779b9;

/** Standard normal noise z shaped like x for one step: normal(shape, stepSeed(seed, …salt)). */
export function noiseLike(x: tf.Tensor, seed: number, ...salt: number[]): tf.Tensor {
  // normal() fills the flat buffer, so the draw depends on x's size only: an image batch
  // [N, H, W, C] draws the numbers of its flattened points [N, H·W·C].
  return normal(x.shape, stepSeed(seed, ...salt));
}
