import type * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { NodeRunError, type RunContext } from '../../src/engine/context';
import type { PortDecl } from '../../src/engine/ports';
import { interruptibleStep } from '../lib/nn/interruptible';
import type { Predictor } from '../lib/predictor';
import type { Schedule } from '../lib/schedule';
import { noiseLike } from '../lib/sampling/chain';
import { batchInput } from '../lib/sampling/inputs';
import type { LoopLevel } from '../lib/sampling/levels';

/** Ports, params and input checks shared by the single-step nodes (nodes/step/*). */

/** The ports of every step node: (x, predictor, schedule, level) → x. */
export function stepPorts<const Optional extends boolean = false>(scheduleDoc: string, scheduleOptional?: Optional) {
  return {
    inputs: {
      x: { type: 'tensor', doc: 'the current state x, a batch [N, …]: points [n, d] or images [N, H, W, C] (the loop’s x, or the previous step’s output)' },
      predictor: { type: 'predictor', doc: 'the model read as score, ε̂ or x̂₀ (the loop’s predictor)' },
      schedule: { type: 'schedule', doc: scheduleDoc, optional: (scheduleOptional ?? false) as Optional },
      level: { type: 'level', doc: 'this pass of the loop: the path point (a, s), its times t → t_next and the noise seed' },
    },
    outputs: { x: { type: 'tensor', doc: 'the state after one step, shaped like x' } },
  } as const satisfies { inputs: Record<string, PortDecl>; outputs: Record<string, PortDecl> };
}

/**
 * Noise streams: two noisy steps in one body must draw different noise, so each has a stream.
 * Stream 0 is the whole samplers' own noise of step k, noiseLike(x, seed, k); stream c > 0 is
 * noiseLike(x, seed, k, c), which sampler/pc uses for its c-th corrector step.
 */
export const streamParam = (def: number) =>
  z
    .number()
    .int()
    .min(0)
    .max(1000)
    .default(def)
    .describe('noise stream: steps of one body that add noise need different streams (0 is the samplers’ own step noise; the PC sampler’s corrector c uses stream c)');

/** z ~ N(0, I) shaped like x for pass `level.k` on `stream`, from the loop's seed. */
export function stepNoise(x: tf.Tensor, level: LoopLevel, stream: number): tf.Tensor {
  return stream === 0 ? noiseLike(x, level.seed, level.k) : noiseLike(x, level.seed, level.k, stream);
}

export interface StepInputs {
  x: tf.Tensor;
  predictor: Predictor;
  level: LoopLevel;
  schedule?: Schedule;
}

/** The step's inputs (kinds checked by the executor's port guards) with x checked to be a batch [N, …]. */
export function stepInputs(inputs: { x: tf.Tensor; predictor: Predictor; level: LoopLevel; schedule?: Schedule }): StepInputs {
  return { x: batchInput(inputs.x, 'x'), predictor: inputs.predictor, level: inputs.level, schedule: inputs.schedule };
}

/** The schedule, or a NodeRunError naming the port. */
export function requireSchedule(s: StepInputs, step: string): Schedule {
  if (!s.schedule) throw new NodeRunError(`schedule: ${step} needs the schedule (bind the loop’s schedule to this port)`, 'schedule');
  return s.schedule;
}

/** Refuse the fixed grid, whose passes stay at one noise level: a step that moves in time has nowhere to go. */
export function requireMovingGrid(level: LoopLevel, step: string): void {
  if (level.grid === 'fixed')
    throw new NodeRunError(`level: ${step} moves from t to t_next, but the loop’s fixed grid stays at one noise level; use the chain, ddim, time or sigmas grid`, 'level');
}

/** The pass's σ → σ_next on the loop's sigmas grid (VE path a = 1, s = σ), or a NodeRunError naming the level port. */
export function requireSigmasGrid(level: LoopLevel, step: string): { sigma: number; sigmaNext: number } {
  if (level.grid !== 'sigmas') throw new NodeRunError(`level: ${step} steps between the σ levels of a VE schedule; set the loop’s grid to sigmas (repeat 1), not ${level.grid}`, 'level');
  return { sigma: level.t, sigmaNext: level.tNext };
}

/**
 * The step's output { x: update() }, update run in tf.tidy inside interruptibleStep
 * (nn/interruptible.ts): a U-Net's call on a batch of digits (seconds on WASM) runs in slices with
 * the loop's checkpoint awaited between them, so a cancel lands within one slice instead of after
 * the whole pass. Bit for bit what tf.tidy(update) gives; for points (one slice) it is tf.tidy.
 */
export async function stepOutput(ctx: RunContext, update: () => tf.Tensor): Promise<{ x: tf.Tensor }> {
  return { x: await interruptibleStep(() => ctx.checkpoint(), update) };
}
