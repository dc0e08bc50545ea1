import * as tf from '@tensorflow/tfjs';
import type { Operator } from '../../../src/engine/values';
import { uniformGenerator } from '../random';
import { inversePermutation, permuteColumns } from './separable';

/**
 * Inpainting: A = diag(m) with a 0/1 mask m over the entries of one sample (an image's pixels,
 * shared by its channels, or a point's coordinates). y has the sample's shape and is 0 where m is.
 * A is an orthogonal projection, so its SVD is a permutation: V = U = the permutation that puts the
 * observed entries first, singular values 1 for them and 0 after. Denoising is the all-ones mask (A = I).
 */
export function maskOperator(mask: Float32Array, inShape: number[], sigmaY: number, name: string): Operator {
  const d = inShape.reduce((acc, v) => acc * v, 1);
  const perEntry = expandMask(mask, inShape);
  const observed: number[] = [];
  const hidden: number[] = [];
  perEntry.forEach((v, i) => (v ? observed : hidden).push(i));
  const perm = Int32Array.from([...observed, ...hidden]);
  const inv = inversePermutation(perm);
  const multiply = (x: tf.Tensor) => tf.tidy(() => tf.mul(x, tf.tensor(perEntry, inShape)));
  const toSpectral = (x: tf.Tensor) => tf.tidy(() => permuteColumns(tf.reshape(x, [x.shape[0], d]), perm, inv));
  const fromSpectral = (c: tf.Tensor2D) => tf.tidy(() => tf.reshape(permuteColumns(c, inv, perm), [c.shape[0], ...inShape]));
  return {
    name,
    inShape,
    outShape: inShape,
    sigmaY,
    apply: multiply,
    adjoint: multiply,
    matrix: d <= MATRIX_MAX ? Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? perEntry[i] : 0))) : undefined,
    svd: {
      singular: Float32Array.from({ length: d }, (_, k) => (k < observed.length ? 1 : 0)),
      vt: toSpectral,
      v: fromSpectral,
      ut: toSpectral,
      u: fromSpectral,
    },
  };
}

/** Operators on at most this many entries carry their matrix (exact posteriors need it; 64² numbers). */
export const MATRIX_MAX = 64;

/** A per-pixel mask [H·W] repeated over C channels (images), or a per-entry mask as is. */
function expandMask(mask: Float32Array, inShape: number[]): Float32Array {
  const d = inShape.reduce((acc, v) => acc * v, 1);
  if (mask.length === d) return mask;
  const C = inShape.length === 3 ? inShape[2] : 0;
  if (C > 0 && mask.length * C === d) return Float32Array.from({ length: d }, (_, i) => mask[Math.floor(i / C)]);
  throw new Error(`a mask of ${mask.length} entries does not fit samples of shape [${inShape}]`);
}

export type MaskKind = 'lower-half' | 'upper-half' | 'box' | 'random';

export interface MaskSpec {
  kind: MaskKind;
  /** box: the hidden box's rows [top, top + height) and columns [left, left + width), as fractions of H and W. */
  box?: { top: number; left: number; height: number; width: number };
  /** random: the fraction of pixels hidden, and the seed that picks them. */
  fraction?: number;
  seed?: number;
}

/**
 * A 0/1 mask over the H×W pixels (1 = observed): lower-half hides rows ⌊H/2⌋…H−1; upper-half rows
 * 0…⌊H/2⌋−1; box the rows and columns given (fractions rounded to pixels); random hides
 * round(fraction·H·W) pixels chosen by a seeded Fisher–Yates shuffle.
 */
export function imageMask(H: number, W: number, spec: MaskSpec): Float32Array {
  const mask = new Float32Array(H * W).fill(1);
  const hideRows = (from: number, to: number, c0 = 0, c1 = W) => {
    for (let r = from; r < to; r++) for (let c = c0; c < c1; c++) mask[r * W + c] = 0;
  };
  const half = Math.floor(H / 2);
  if (spec.kind === 'lower-half') hideRows(half, H);
  else if (spec.kind === 'upper-half') hideRows(0, half);
  else if (spec.kind === 'box') {
    const b = spec.box ?? { top: 0.25, left: 0.25, height: 0.5, width: 0.5 };
    const r0 = Math.round(b.top * H);
    const c0 = Math.round(b.left * W);
    hideRows(r0, Math.min(H, r0 + Math.round(b.height * H)), c0, Math.min(W, c0 + Math.round(b.width * W)));
  } else {
    const order = Int32Array.from({ length: H * W }, (_, i) => i);
    const rand = uniformGenerator(spec.seed ?? 0);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const hidden = Math.round((spec.fraction ?? 0.5) * H * W);
    for (let k = 0; k < hidden; k++) mask[order[k]] = 0;
  }
  return mask;
}
