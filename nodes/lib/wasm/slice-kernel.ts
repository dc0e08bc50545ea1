import * as tf from '@tensorflow/tfjs';
import { addressOf, replaceKernel, type WasmBackendLike } from './backend';

/**
 * tfjs-wasm 4.22's `Slice` starts with `backend.readSync(x)`, which copies the whole of x out of
 * the WASM heap, then loops in JavaScript: splitting the U-Net's θ (775k floats) into its 110
 * weights (SplitV is a Slice per piece, calling tfjs-wasm's slice function directly: replaced too)
 * cost ~480 ms, ~13% of a training step, and the channel splits of its skip concatenations'
 * gradients ~200 ms more. Here a slice is copied inside the heap as runs: with k the last axis
 * taken partially (all later axes whole), each index of the axes before k starts one run of
 * size_k · stride_k contiguous floats at Σ_a (begin_a + i_a) · stride_a (a 1-D or leading-axis slice
 * is one run). Strings, 1- or 2-byte types, scalars and empty slices go to the kernel replaced.
 */

interface SliceAttrs {
  begin: number | number[];
  size: number | number[];
}

/** Copy the slice [begin, begin + size) of x (shape, float index `x`) to `out` as runs of whole trailing rows. */
export function copySlice(heap: Float32Array, shape: number[], begin: number[], size: number[], x: number, out: number): void {
  const strides = tf.util.computeStrides(shape);
  const stride = (a: number) => (a < shape.length - 1 ? strides[a] : 1);
  // k: the last axis taken partially; everything after it is whole, so one run is size[k]·stride(k) floats.
  let k = shape.length - 1;
  while (k > 0 && size[k] === shape[k]) k--;
  const run = size[k] * stride(k);
  const outer = size.slice(0, k);
  const count = outer.reduce((p, q) => p * q, 1);
  const index = outer.map(() => 0);
  let from = x + begin.reduce((acc, b, a) => acc + b * stride(a), 0);
  for (let r = 0, to = out; r < count; r++, to += run) {
    heap.copyWithin(to, from, from + run);
    // Next outer index (odometer), moving `from` by the strides.
    for (let a = k - 1; a >= 0; a--) {
      if (++index[a] < outer[a]) {
        from += stride(a);
        break;
      }
      index[a] = 0;
      from -= (outer[a] - 1) * stride(a);
    }
  }
}

function sliceKernel(original: tf.KernelFunc | undefined): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { begin, size } = args.attrs as unknown as SliceAttrs;
    const [b, s] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size);
    const n = s.reduce((p, q) => p * q, 1);
    if (!(x.dtype === 'float32' || x.dtype === 'int32') || n === 0 || x.shape.length === 0) {
      if (!original) throw new Error(`Slice (wasm): no kernel for this slice of a ${x.dtype} tensor`);
      return original(args);
    }
    const be = args.backend as unknown as WasmBackendLike;
    const out = be.makeOutput(s, x.dtype as 'float32');
    copySlice(be.wasm.HEAPF32, x.shape, b, s, addressOf(be, x) / 4, addressOf(be, out) / 4); // the heap read after makeOutput: it may have grown
    return out;
  };
}

interface SplitAttrs {
  numOrSizeSplits: number | number[];
  axis: number | number[];
}

/** SplitV as tfjs-wasm's: one slice per piece along the axis, each through `slice`. */
function splitKernel(slice: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { numOrSizeSplits, axis } = args.attrs as unknown as SplitAttrs;
    const at = tf.util.parseAxisParam(axis, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, at);
    const begin = x.shape.map(() => 0);
    return sizes.map((piece) => {
      const size = [...x.shape];
      size[at] = piece;
      const out = slice({ ...args, attrs: { begin: [...begin], size } }) as tf.TensorInfo;
      begin[at] += piece;
      return out;
    });
  };
}

/** Replace tfjs-wasm's Slice and SplitV by these (idempotent); the original Slice, with its setup, serves the other slices. */
export function registerWasmSlice(): void {
  replaceKernel('Slice', 'wasm', sliceKernel);
  const slice = tf.getKernel('Slice', 'wasm')!.kernelFunc;
  replaceKernel('SplitV', 'wasm', () => splitKernel(slice));
}
