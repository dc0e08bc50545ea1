import * as tf from '@tensorflow/tfjs';

/** Padding as tfjs's conv2d takes it: a mode or explicit [[0, 0], [top, bottom], [left, right], [0, 0]]. */
export type ConvPadding = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;

/**
 * Where a 2-D convolution (NHWC, dilation 1) reads: output pixel (oh, ow) of image n sees input
 * rows oh·sh − top + kh and columns ow·sw − left + kw, kh < fh, kw < fw; reads outside the image
 * are zeros. tfjs's own computeConv2DInfo decides the output size and the padding for every mode
 * ('same', 'valid', a number, explicit), so our kernels and their twins agree with its conv2d.
 */
export interface ConvGeometry {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  outC: number;
  fh: number;
  fw: number;
  sh: number;
  sw: number;
  top: number;
  left: number;
}

export function convGeometry(
  xShape: number[],
  filterShape: [number, number, number, number],
  strides: number | [number, number],
  pad: ConvPadding,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): ConvGeometry {
  if (xShape.length !== 4) throw new Error(`conv2d: the input must be [N, H, W, C], got shape [${xShape.join(', ')}]`);
  if (xShape[3] !== filterShape[2]) throw new Error(`conv2d: the input has ${xShape[3]} channels but the filter expects ${filterShape[2]}`);
  const info = tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  return {
    batch: info.batchSize,
    inH: info.inHeight,
    inW: info.inWidth,
    inC: info.inChannels,
    outH: info.outHeight,
    outW: info.outWidth,
    outC: info.outChannels,
    fh: info.filterHeight,
    fw: info.filterWidth,
    sh: info.strideHeight,
    sw: info.strideWidth,
    top: info.padInfo.top,
    left: info.padInfo.left,
  };
}
