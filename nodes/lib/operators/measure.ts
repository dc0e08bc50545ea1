import * as tf from '@tensorflow/tfjs';
import type { Operator } from '../../../src/engine/values';
import { normal } from '../random';

/**
 * y = A x + σ_y n, n ~ N(0, I) drawn from `seed` (one draw per entry of y). With `projectNoise`
 * (an orthogonal projection A, the inpainting mask) the noise is A n instead: the entries A does
 * not observe stay 0 in y (they carry no information about x), the observed ones get σ_y n.
 */
export function measure(op: Operator, x: tf.Tensor, seed: number, projectNoise = false): tf.Tensor {
  return tf.tidy(() => {
    const ax = op.apply(x);
    if (op.sigmaY === 0) return ax;
    const n = normal(ax.shape, seed);
    return tf.add(ax, tf.mul(projectNoise ? op.apply(n) : n, op.sigmaY));
  });
}

/** The rank of A when its SVD is known (the number of non-zero singular values), else the size of one y. */
export function measuredEntries(op: Operator): number {
  if (op.svd) return op.svd.singular.reduce((acc, s) => acc + (s > 0 ? 1 : 0), 0);
  return op.outShape.reduce((acc, v) => acc * v, 1);
}
