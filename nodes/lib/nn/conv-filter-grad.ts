import * as tf from '@tensorflow/tfjs';
import { convGeometry, type ConvPadding } from './conv-geometry';

/**
 * The filter gradient of y = conv2d(x, W) (NHWC, dilation 1), with plain tfjs ops (every backend):
 *
 *   dW[kh, kw, ci, co] = Σ_{n, oh, ow} x̃[n, oh·sh + kh, ow·sw + kw, ci] · dy[n, oh, ow, co]
 *
 * where x̃ is x padded with `top` rows and `left` columns of zeros in front (and enough behind).
 * For each tap (kh, kw) the strided slice of x̃ is a [P, C_in] matrix X_k (P = N·outH·outW
 * positions) and dW[kh, kw] = X_kᵀ · dY with dY = dy as [P, C_out]: fh·fw matMuls. The twin of the
 * WASM kernel (conv-filter-grad-kernel.ts), and its definition on backends without one.
 */
export function conv2dFilterGradOps(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: [number, number, number, number],
  strides: number | [number, number],
  pad: ConvPadding,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): tf.Tensor4D {
  const g = convGeometry(x.shape, filterShape, strides, pad, dimRoundingMode);
  // Rows and columns the last tap reads: (out − 1)·s + f of the padded image.
  const rows = (g.outH - 1) * g.sh + g.fh;
  const cols = (g.outW - 1) * g.sw + g.fw;
  return tf.tidy(() => {
    const padded = tf.pad(x, [[0, 0], [g.top, Math.max(0, rows - g.top - g.inH)], [g.left, Math.max(0, cols - g.left - g.inW)], [0, 0]]);
    const dY = tf.reshape(dy, [-1, g.outC]);
    const taps: tf.Tensor2D[] = [];
    for (let kh = 0; kh < g.fh; kh++) {
      for (let kw = 0; kw < g.fw; kw++) {
        const end = [g.batch, kh + (g.outH - 1) * g.sh + 1, kw + (g.outW - 1) * g.sw + 1, g.inC];
        const xk = tf.reshape(tf.stridedSlice(padded, [0, kh, kw, 0], end, [1, g.sh, g.sw, 1]), [-1, g.inC]);
        // An explicit transpose: matMul with transposeA is ~10× slower on tfjs-wasm (NOTES.md).
        taps.push(tf.matMul(tf.transpose(xk), dY));
      }
    }
    return tf.reshape(tf.stack(taps), filterShape);
  });
}
