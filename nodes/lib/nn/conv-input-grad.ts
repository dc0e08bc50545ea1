import * as tf from '@tensorflow/tfjs';
import { convGeometry, type ConvPadding } from './conv-geometry';

/**
 * The input gradient of y = conv2d(x, W) (NHWC, dilation 1) with plain tfjs ops (every backend):
 *
 *   dx[n, i, j, ci] = Σ_{kh, kw, co} ďy[n, i + top − kh, j + left − kw, co] · W[kh, kw, ci, co]
 *
 * where ďy is dy dilated by the strides (dy[n, oh, ow] at (oh·sh, ow·sw), zeros between) and read
 * as zero outside. With W'[a, b, co, ci] = W[fh−1−a, fw−1−b, ci, co] (rotated 180°, channel axes
 * swapped) this is a stride-1 'valid' correlation of ďy padded by fh−1−top rows in front (and
 * cropped or padded behind to inH + fh − 1 rows; likewise columns). The twin of
 * conv-input-grad-kernel.ts.
 */
export function conv2dInputGradOps(
  dy: tf.Tensor4D,
  w: tf.Tensor4D,
  xShape: [number, number, number, number],
  strides: number | [number, number],
  pad: ConvPadding,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): tf.Tensor4D {
  const g = convGeometry(xShape, w.shape, strides, pad, dimRoundingMode);
  return tf.tidy(() => {
    let d: tf.Tensor4D = dy;
    if (g.sh > 1 || g.sw > 1) {
      const spread = tf.pad(tf.reshape(dy, [g.batch, g.outH, 1, g.outW, 1, g.outC]), [[0, 0], [0, 0], [0, g.sh - 1], [0, 0], [0, g.sw - 1], [0, 0]]);
      const spaced = tf.reshape(spread, [g.batch, g.outH * g.sh, g.outW * g.sw, g.outC]) as tf.Tensor4D;
      d = tf.slice(spaced, 0, [g.batch, (g.outH - 1) * g.sh + 1, (g.outW - 1) * g.sw + 1, g.outC]);
    }
    // Rows: fh − 1 − top in front, then exactly inH + fh − 1 in all (the same for columns).
    d = padOrCrop(d, 1, g.fh - 1 - g.top, g.inH + g.fh - 1);
    d = padOrCrop(d, 2, g.fw - 1 - g.left, g.inW + g.fw - 1);
    const rotated = tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
    return tf.conv2d(d, rotated, 1, 'valid');
  });
}

/** Along `axis`: `front` zeros before (or that many entries dropped when negative), then padded or cut to `length`. */
function padOrCrop(t: tf.Tensor4D, axis: 1 | 2, front: number, length: number): tf.Tensor4D {
  const padding = (before: number, after: number) => [0, 1, 2, 3].map((a) => (a === axis ? [before, after] : [0, 0])) as [number, number][];
  let out = front >= 0 ? tf.pad(t, padding(front, 0)) : tf.slice(t, [0, 1, 2, 3].map((a) => (a === axis ? -front : 0)));
  const have = out.shape[axis];
  if (have < length) out = tf.pad(out, padding(0, length - have));
  else if (have > length) out = tf.slice(out, 0, out.shape.map((s, a) => (a === axis ? length : s)));
  return out as tf.Tensor4D;
}
