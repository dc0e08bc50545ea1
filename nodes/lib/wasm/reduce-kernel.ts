import * as tf from '@tensorflow/tfjs';
import { addressOf, replaceKernel, type WasmBackendLike } from './backend';
import { gemmFor } from './gemm';

/**
 * `Sum` and `Mean` on tfjs-wasm over axes that are not the innermost: the per-channel reductions of
 * a network on NHWC images (a bias gradient sums over [0, 1, 2], GroupNorm's statistics average
 * over [1, 2]). tfjs-wasm 4.22 first transposes the reduced axes to the end (a full copy); a
 * 64×28×28×64 sum over [0, 1, 2] took 10.8 ms. Viewing x as [A, R, B] (A: the axes before the
 * reduced block, R: the block, B: the axes after it), each slab a is a column sum
 *   out[a, b] = Σ_r x[a, r, b]   (× 1/R for the mean),
 * which is the lab's SIMD GEMM with a one-row A of ones (A(0, r) = 1 via zero strides) and B = the
 * slab [R, B]: no copy, summed in float32 along r. Reductions over the innermost axis, over
 * non-adjacent axes, of other dtypes, or without WASM SIMD go to the original kernels.
 */
interface ReduceAttrs {
  axis: number | number[];
  keepDims: boolean;
}

/** [A, R, B] for a contiguous block of reduced axes, else null. */
function blockView(shape: number[], axes: number[]): [number, number, number] | null {
  const sorted = [...axes].sort((a, b) => a - b);
  if (sorted.some((a, k) => a !== sorted[0] + k)) return null;
  const prod = (from: number, to: number) => shape.slice(from, to).reduce((p, q) => p * q, 1);
  const [first, last] = [sorted[0], sorted[sorted.length - 1]];
  return [prod(0, first), prod(first, last + 1), prod(last + 1, shape.length)];
}

function reduceKernel(mean: boolean, original: tf.KernelFunc | undefined): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as ReduceAttrs;
    const be = args.backend as unknown as WasmBackendLike;
    const axes = tf.util.parseAxisParam(axis, x.shape);
    const view = x.dtype === 'float32' && axes.length > 0 ? blockView(x.shape, axes) : null;
    const gemm = view && view[2] > 1 && view[1] > 0 ? gemmFor(be, { M: 1, N: view[2], K: view[1], aRow: 0, aCol: 0, ldb: view[2], ldc: view[2], epilogue: 'store' }) : null;
    if (!view || !gemm) {
      if (!original) throw new Error(`${mean ? 'Mean' : 'Sum'} (wasm): no kernel for this reduction`);
      return original(args);
    }
    const [A, R, B] = view;
    const [outShape] = tf.backend_util.computeOutAndReduceShapes(x.shape, axes);
    const out = be.makeOutput(keepDims ? tf.backend_util.expandShapeToKeepDim(outShape, axes) : outShape, 'float32');
    const one = be.wasm._malloc(16);
    try {
      be.wasm.HEAPF32[one / 4] = 1;
      const [from, to] = [addressOf(be, x), addressOf(be, out)];
      for (let a = 0; a < A; a++) gemm(one, from + 4 * a * R * B, to + 4 * a * B, 0, 0);
      if (mean) {
        const heap = be.wasm.HEAPF32;
        for (let i = to / 4, end = to / 4 + A * B; i < end; i++) heap[i] /= R;
      }
    } finally {
      be.wasm._free(one);
    }
    return out;
  };
}

/** Replace tfjs-wasm's Sum and Mean by these (idempotent); the originals serve the other reductions. */
export function registerWasmReductions(): void {
  replaceKernel('Sum', 'wasm', (original) => reduceKernel(false, original));
  replaceKernel('Mean', 'wasm', (original) => reduceKernel(true, original));
}
