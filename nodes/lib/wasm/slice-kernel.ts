import * as tf from '@tensorflow/tfjs';
import { addressOf, type WasmBackendLike } from './backend';

/**
 * tfjs-wasm 4.22's `Slice` starts with `backend.readSync(x)`, which copies the whole of x out of
 * the WASM heap, even for a contiguous slice: splitting the U-Net's θ (775k floats) into its 110
 * weights (SplitV is a Slice per piece, calling tfjs-wasm's slice function directly: replaced too)
 * cost ~480 ms, ~13% of a training step. A slice is
 * contiguous when, after the first axis whose range is partial, every axis is taken whole (tfjs's
 * own isSliceContinous); then it is one copy inside the heap:
 *   out[0 … n) = x[offset … offset + n),  offset = Σ_a begin_a · stride_a.
 * Every other slice (strided rows, strings, 1- or 2-byte types, empty) goes to the kernel replaced.
 */
const LAB = Symbol('lab slice kernel');

interface SliceAttrs {
  begin: number | number[];
  size: number | number[];
}

function sliceKernel(original: tf.KernelFunc | undefined): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { begin, size } = args.attrs as unknown as SliceAttrs;
    const [b, s] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size);
    const n = s.reduce((p, q) => p * q, 1);
    const fourBytes = x.dtype === 'float32' || x.dtype === 'int32';
    if (!fourBytes || n === 0 || !tf.slice_util.isSliceContinous(x.shape, b, s)) {
      if (!original) throw new Error(`Slice (wasm): no kernel for this slice of a ${x.dtype} tensor`);
      return original(args);
    }
    const be = args.backend as unknown as WasmBackendLike;
    const out = be.makeOutput(s, x.dtype as 'float32');
    const from = addressOf(be, x) / 4 + tf.slice_util.computeFlatOffset(b, tf.util.computeStrides(x.shape));
    be.wasm.HEAPF32.copyWithin(addressOf(be, out) / 4, from, from + n); // read after makeOutput: the heap may have grown
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

/** Put `make(original)` in place of the wasm kernel `name`, with the original's setup (idempotent). */
function replaceKernel(name: string, make: (original: tf.KernelFunc | undefined) => tf.KernelFunc): void {
  const current = tf.getKernel(name, 'wasm') as (tf.KernelConfig & { [LAB]?: true }) | undefined;
  if (current?.[LAB]) return;
  if (current) tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: make(current?.kernelFunc), setupFunc: current?.setupFunc, [LAB]: true } as tf.KernelConfig);
}

/** Replace tfjs-wasm's Slice and SplitV by these (idempotent); the original Slice, with its setup, serves the other slices. */
export function registerWasmSlice(): void {
  replaceKernel('Slice', sliceKernel);
  const slice = tf.getKernel('Slice', 'wasm')!.kernelFunc;
  replaceKernel('SplitV', () => splitKernel(slice));
}
