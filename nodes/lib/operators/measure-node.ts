import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { NodeRunError } from '../../../src/engine/context';
import type { InputShapes, WorkEstimate } from '../../../src/engine/estimate';
import type { PortDecl } from '../../../src/engine/ports';
import { images } from '../../../src/engine/port-values';
import type { Operator } from '../../../src/engine/values';
import { deriveSeed } from '../random';
import { measure } from './measure';

/** The pieces every image measurement node shares: ports, σ_y and seed params, the run. */
export const measurePorts = {
  inputs: {
    x: { type: 'tensor', accepts: ['images'], doc: 'the clean images x [N, H, W, C] in [−1, 1], or rows [N, s²] (read as s×s one-channel images: data/sample of MNIST)' },
  },
  outputs: {
    operator: { type: 'operator', doc: 'the measurement: A, Aᵀ, its SVD and σ_y (for posterior samplers and metric/consistency)' },
    y: { type: 'tensor', doc: 'the measurements y = A x + σ_y n, one per image' },
  },
} as const satisfies { inputs: Record<string, PortDecl>; outputs: Record<string, PortDecl> };

export const sigmaYParam = z.number().min(0).max(10).default(0.05).describe('σ_y: standard deviation of the measurement noise n ~ N(0, I)');
export const measureSeedParam = z.number().int().min(0).max(2 ** 31 - 1).default(0).describe('seed of the measurement noise (and of a random mask)');

/** The stream of the measurement noise and of a random mask: two derived seeds of the node's seed. */
export const noiseSeed = (seed: number) => deriveSeed(seed, 1);
export const maskSeed = (seed: number) => deriveSeed(seed, 2);

/**
 * Run a measurement: check x is images, build A for their shape, return { operator, y }.
 * `make` gets the shape of one image [H, W, C] and throws an Error whose message says what does not fit.
 */
export function runMeasurement(x: tf.Tensor, seed: number, make: (shape: [number, number, number]) => Operator, projectNoise = false): { operator: Operator; y: tf.Tensor } {
  const side = x.rank === 2 ? Math.round(Math.sqrt(x.shape[1] ?? 0)) : 0;
  const rows = side > 0 && side * side === x.shape[1];
  const shape = (rows ? [side, side, 1] : images(x, 'x').shape.slice(1)) as [number, number, number];
  let operator: Operator;
  try {
    operator = make(shape);
  } catch (e) {
    throw new NodeRunError(`x: ${(e as Error).message}`, 'x');
  }
  const y = tf.tidy(() => measure(operator, rows ? tf.reshape(x, [x.shape[0], ...shape]) : x, noiseSeed(seed), projectNoise));
  return { operator, y };
}

/** A measurement's cost: a few passes over x (a separable map is two small matMuls per pixel row). */
export function measureEstimate(flopsPerPixel: (shape: number[]) => number) {
  return (_p: unknown, inputs: InputShapes): WorkEstimate => {
    const shape = inputs.x ?? [1, 1, 1, 1];
    const size = shape.reduce((a, v) => a * v, 1);
    return { flops: size * flopsPerPixel(shape), bytes: 4 * size * 3, outputs: { y: shape } };
  };
}
