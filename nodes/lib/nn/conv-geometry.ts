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

/** The attributes tfjs gives its convolution gradient kernels. */
export interface ConvKernelAttrs {
  strides: number | [number, number];
  pad: ConvPadding;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * The geometry a gradient kernel works in, after the checks every one of them needs: NHWC, float32
 * operands, and dy of the convolution's output shape (messages name the kernel and both shapes).
 */
export function kernelGeometry(
  kernel: string,
  xShape: number[],
  filterShape: [number, number, number, number],
  attrs: ConvKernelAttrs,
  dy: tf.TensorInfo,
  operands: tf.TensorInfo[],
): ConvGeometry {
  if (attrs.dataFormat && attrs.dataFormat !== 'NHWC') throw new Error(`${kernel} (wasm): only NHWC is supported, got ${attrs.dataFormat}`);
  if (operands.some((t) => t.dtype !== 'float32')) throw new Error(`${kernel} (wasm): the operands must be float32, got ${operands.map((t) => t.dtype).join(', ')}`);
  const g = convGeometry(xShape, filterShape, attrs.strides, attrs.pad, attrs.dimRoundingMode);
  const want = [g.batch, g.outH, g.outW, g.outC];
  if (dy.shape.join() !== want.join()) throw new Error(`${kernel} (wasm): dy has shape [${dy.shape.join(', ')}], expected [${want.join(', ')}]`);
  return g;
}
