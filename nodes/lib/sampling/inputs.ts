import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { NodeRunError } from '../../../src/engine/context';
import type { PortDecl } from '../../../src/engine/ports';
import type { Predictor } from '../predictor';
import type { Schedule } from '../schedule';
import { countingPredictor } from './readout';

/** Param pieces and input checks shared by the sampler nodes (and the single-step nodes). */
export const seedParam = z.number().int().min(0).max(2 ** 31 - 1).default(0).describe('seed of the per-step noise');

export const tEndParam = z
  .number()
  .min(1e-5)
  .max(0.5)
  .default(1e-3)
  .describe('time at which integration stops (t = 0 is the data; s(t) → 0 there makes the score blow up)');

/** The ports every sampler has: (predictor, schedule, xT) → (x0, trajectory, nfe); literal types, so `run`'s inputs are typed. */
export function samplerPorts<const Optional extends boolean = false>(scheduleDoc: string, xTDoc: string, scheduleOptional?: Optional) {
  return {
    inputs: {
      predictor: { type: 'predictor', doc: 'the model read at each step as score, ε̂ or x̂₀ (analytic or trained)' },
      schedule: { type: 'schedule', doc: scheduleDoc, optional: (scheduleOptional ?? false) as Optional },
      xT: { type: 'tensor', doc: `${xTDoc}: a batch [N, …], points [n, d] or images [N, H, W, C]` },
    },
    outputs: {
      x0: { type: 'tensor', doc: 'the samples, shaped like xT' },
      trajectory: { type: 'trajectory', doc: 'up to 20 snapshots of x, from xT to x0: [k, …xT’s shape]' },
      nfe: { type: 'number', doc: 'number of predictor evaluations used' },
    },
  } as const satisfies { inputs: Record<string, PortDecl>; outputs: Record<string, PortDecl> };
}

/** The predictor (wrapped to count its evaluations) and the starting points of a sampler. */
export function samplerInputs(inputs: { predictor: Predictor; xT: tf.Tensor }): { predictor: Predictor; count: () => number; xT: tf.Tensor } {
  const { predictor, count } = countingPredictor(inputs.predictor);
  return { predictor, count, xT: batchInput(inputs.xT, 'xT') };
}

/**
 * A batch of samples on `port`: a tensor [N, …] of rank ≥ 2 whose first axis counts samples
 * (points [n, d], images [N, H, W, C]), or a NodeRunError naming the port and the shape.
 */
export function batchInput(value: tf.Tensor, port: string): tf.Tensor {
  if (value.rank < 2 || value.shape[0] < 1)
    throw new NodeRunError(`${port}: expected a batch [N, …] (points [n, d] or images [N, H, W, C]) with N ≥ 1, got shape [${value.shape.join(', ')}]`, port);
  return value;
}

/** The DDPM chain β_0…β_T, ᾱ_0…ᾱ_T of a VP schedule, or a NodeRunError saying why not. */
export function vpChain(schedule: Schedule, sampler: string): { betas: Float64Array; alphaBars: Float64Array; T: number } {
  if (schedule.family !== 'vp' || !schedule.betas || !schedule.alphaBars)
    throw new NodeRunError(
      `schedule: ${sampler} needs a variance-preserving schedule with a discrete β chain (family vp: a² + s² = 1); '${schedule.name}' is ${schedule.family === 've' ? 'variance-exploding (a = 1, s = σ)' : 'not one'}`,
      'schedule',
    );
  return { betas: schedule.betas, alphaBars: schedule.alphaBars, T: schedule.alphaBars.length - 1 };
}

/** The noise levels σ_1 > … > σ_L of a VE schedule, or a NodeRunError saying why not. */
export function veSigmas(schedule: Schedule, sampler: string): Float64Array {
  if (schedule.family !== 've' || !schedule.sigmas || schedule.sigmas.length === 0)
    throw new NodeRunError(
      `schedule: ${sampler} needs a variance-exploding schedule with its σ levels (family ve: a = 1, s = σ); '${schedule.name}' is ${schedule.family === 'vp' ? 'variance-preserving' : 'not one'}`,
      'schedule',
    );
  return schedule.sigmas;
}
