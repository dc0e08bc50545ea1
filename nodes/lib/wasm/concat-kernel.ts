import * as tf from '@tensorflow/tfjs';
import { addressOf, replaceKernel, type WasmBackendLike } from './backend';
import { copyRuns } from './copy-runs';

/**
 * `Concat` of float32 and int32 tensors on tfjs-wasm inside the heap: with B the product of the
 * axes before the concatenation axis and n_i the size of input i from that axis on, output row b is
 * input 0's row b, then input 1's, …: input i is B runs of n_i floats, read every n_i and written
 * every Σn (copy-runs.ts). tfjs-wasm 4.22 does the same in JavaScript with a subarray and a set per
 * run: ~3 ms for each of the U-Net's skip concatenations (64·28·28 runs of 64 + 32 floats).
 * Strings and other dtypes go to the kernel replaced.
 */
function concatKernel(original: tf.KernelFunc | undefined): tf.KernelFunc {
  return (args) => {
    const inputs = (args.inputs as unknown as tf.TensorInfo[]).filter((t) => tf.util.sizeFromShape(t.shape) > 0);
    const dtype = (args.inputs as unknown as tf.TensorInfo[])[0]?.dtype;
    if (!(dtype === 'float32' || dtype === 'int32') || inputs.length < 2 || inputs.some((t) => t.dtype !== dtype)) {
      if (!original) throw new Error(`Concat (wasm): no kernel for ${inputs.length} ${dtype} tensors`);
      return original(args);
    }
    const axis = tf.util.parseAxisParam((args.attrs as { axis: number | number[] }).axis, inputs[0].shape)[0];
    tf.backend_util.assertParamsConsistent(inputs.map((t) => t.shape), axis);
    const be = args.backend as unknown as WasmBackendLike;
    const out = be.makeOutput(tf.backend_util.computeOutShape(inputs.map((t) => t.shape), axis), dtype as 'float32');
    const rows = tf.util.sizeFromShape(inputs[0].shape.slice(0, axis));
    const sizes = inputs.map((t) => tf.util.sizeFromShape(t.shape.slice(axis)));
    const total = sizes.reduce((a, b) => a + b, 0);
    let at = addressOf(be, out) / 4;
    inputs.forEach((t, i) => {
      copyRuns(be, { run: sizes[i], srcStride: sizes[i], dstStride: total }, addressOf(be, t) / 4, at, rows);
      at += sizes[i];
    });
    return out;
  };
}

/** Replace tfjs-wasm's Concat by this one (idempotent). */
export function registerWasmConcat(): void {
  replaceKernel('Concat', 'wasm', concatKernel);
}
