import { z } from 'zod';

/** Most numbers in one sample of the `shape` param: 256 × 256 × 1 or 128 × 128 × 3 fit. */
export const MAX_SAMPLE_SIZE = 65_536;

/**
 * The optional shape of one sample: unset, samples are points [dim]; set (e.g. [28, 28, 1]),
 * they are images [H, W, C] and the batch is [n, H, W, C] (NHWC, the layout of the image
 * predictors). Bounded so no param asks for unbounded memory.
 */
export const sampleShapeParam = z
  .array(z.number().int().min(1).max(4096))
  .min(1)
  .max(3)
  .refine((s) => s.reduce((p, e) => p * e, 1) <= MAX_SAMPLE_SIZE, `one sample may hold at most ${MAX_SAMPLE_SIZE} numbers`)
  .optional()
  .describe('shape of one sample, e.g. [28, 28, 1] for MNIST-sized images [H, W, C]; unset: points of dimension dim');

/** [n, dim] for points, [n, …shape] when a sample shape is given. */
export function batchShape(p: { n: number; dim: number; shape?: number[] }): number[] {
  return p.shape ? [p.n, ...p.shape] : [p.n, p.dim];
}
