import * as tf from '@tensorflow/tfjs';
import { addressOf, registerWasmKernel, type WasmBackendLike } from '../wasm/backend';
import { gemmFor, type GemmShape } from '../wasm/gemm';
import { scalarGemm } from '../wasm/gemm-scalar';
import { copyRuns } from '../wasm/copy-runs';
import { kernelGeometry, tapRuns, type ConvGeometry, type ConvKernelAttrs } from './conv-geometry';
import { filterGradWinogradInto } from './winograd-conv';

/**
 * tfjs's `Conv2DBackpropFilter` for the wasm backend, which lacks it (tfjs-wasm 4.22: `tf.grad` of
 * `tf.conv2d` throws "Kernel 'Conv2DBackpropFilter' not registered"). With K2 = fh·fw·C_in and the
 * P = N·outH·outW output positions, the im2col matrix X̂ [P, K2] holds in row p the input patch
 * that position p sees (zeros outside the image), and
 *
 *   dW (as [K2, C_out]) = X̂ᵀ · dY,   dY = dy as [P, C_out]
 *
 * (conv-filter-grad.ts has the same sum tap by tap). X̂ is packed a chunk of positions at a time
 * into scratch memory and multiplied by the lab's SIMD GEMM, reading X̂ᵀ through strides
 * (A(i, p) = X̂[p, i]) and adding chunk after chunk into dW: memory stays O(chunk · K2), not
 * O(P · K2) (64×28×28 positions of 3×3×64 patches would be 115 MB). Each product is one float32
 * multiply-add in a fixed order, so the result is exact to float32 rounding of the sum.
 * 3×3 stride-1 convolutions take Winograd instead, in winogradTile's tile
 * (winograd-conv.ts: dU_ξ = V_ξᵀ D_ξ in the transformed domain, 2.25× fewer multiplies).
 */
const KERNEL = 'Conv2DBackpropFilter';

/** Positions per chunk: a multiple of the GEMM's K pass (128), about 256 KB of patches for 3×3×32. */
export function chunkPositions(k2: number): number {
  return Math.max(128, Math.min(2048, 128 * Math.floor(65536 / (128 * k2))));
}

/** Write the patches of positions p0 ≤ p < p0 + count into the heap at float index dst as rows of K2 = fh·fw·C_in (tapRuns: one strided copy per output row and tap). */
export function packPatches(be: WasmBackendLike, g: ConvGeometry, x: number, p0: number, count: number, dst: number): void {
  const C = g.inC;
  const k2 = g.fh * g.fw * C;
  tapRuns(g, p0, count, ({ first, tap, len, lo, hi, pixel }) => {
    const at = dst + first * k2 + tap * C;
    for (let i = 0; i < len; i++) if (i < lo || i >= hi) be.wasm.HEAPF32.fill(0, at + i * k2, at + i * k2 + C);
    copyRuns(be, { run: C, srcStride: g.sw * C, dstStride: k2 }, x + pixel, at + lo * k2, hi - lo);
  });
}

/** dW = X̂ᵀ dY into the float32 [fh, fw, C_in, C_out] at byte address dw, chunk by chunk. */
export function filterGradInto(be: WasmBackendLike, g: ConvGeometry, x: number, dy: number, dw: number, simd = true): void {
  if (simd && filterGradWinogradInto(be, g, x, dy, dw)) return;
  const k2 = g.fh * g.fw * g.inC;
  const positions = g.batch * g.outH * g.outW;
  const chunk = chunkPositions(k2);
  const scratch = be.wasm._malloc(4 * chunk * k2);
  try {
    for (let p0 = 0; p0 < positions; p0 += chunk) {
      const count = Math.min(chunk, positions - p0);
      const heap = be.wasm.HEAPF32; // read after the allocation: the heap may have grown
      packPatches(be, g, x / 4, p0, count, scratch / 4);
      const shape: GemmShape = { M: k2, N: g.outC, K: count, aRow: 1, aCol: k2, ldb: g.outC, ldc: g.outC, epilogue: 'store', accumulate: p0 > 0 };
      const gemm = simd ? gemmFor(be, shape) : null;
      if (gemm) gemm(scratch, dy + 4 * p0 * g.outC, dw, 0, 0);
      else scalarGemm(heap, shape, scratch, dy + 4 * p0 * g.outC, dw);
    }
    if (positions === 0) be.wasm.HEAPF32.fill(0, dw / 4, dw / 4 + k2 * g.outC);
  } finally {
    be.wasm._free(scratch);
  }
}

interface FilterGradAttrs extends ConvKernelAttrs {
  filterShape: [number, number, number, number];
}

function conv2dBackpropFilter({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const be = backend as WasmBackendLike;
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const a = attrs as unknown as FilterGradAttrs;
  const g = kernelGeometry(KERNEL, x.shape, a.filterShape, a, dy, [x, dy]);
  const dw = be.makeOutput(a.filterShape, 'float32');
  filterGradInto(be, g, addressOf(be, x), addressOf(be, dy), addressOf(be, dw));
  return dw;
}

/**
 * Register the convolution kernels tfjs-wasm lacks (idempotent; tfjs keeps one kernel per name and
 * backend, and an existing one is left alone). Called where the wasm backend is set up.
 */
export function registerWasmConvKernels(): void {
  registerWasmKernel(KERNEL, conv2dBackpropFilter);
}
