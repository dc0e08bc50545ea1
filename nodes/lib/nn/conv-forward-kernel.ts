import * as tf from '@tensorflow/tfjs';
import { addressOf, replaceKernel, simdKernelsAvailable, type WasmBackendLike } from '../wasm/backend';
import { gemmFor, type GemmShape } from '../wasm/gemm';
import { scalarGemm } from '../wasm/gemm-scalar';
import { chunkPositions, packPatches } from './conv-filter-grad-kernel';
import { convGeometry, type ConvGeometry, type ConvKernelAttrs } from './conv-geometry';
import { conv2dWinogradInto, winogradApplies } from './winograd-conv';

/**
 * A forward convolution (NHWC, dilation 1) on the wasm backend's memory as im2col + the lab's SIMD
 * GEMM:
 *
 *   y [P, C_out] = X̂ [P, K2] · W [K2, C_out]
 *
 * with X̂ the patches of conv-filter-grad-kernel.ts, packed a chunk of positions at a time (a 1×1
 * convolution at stride 1 without padding reads x itself: X̂ = x as [P, C_in]). 3×3 stride-1
 * convolutions with channels in multiples of 4 go to Winograd F(2×2, 3×3) instead
 * (winograd-conv.ts: 2.25× fewer multiplies; 60–96 GFLOP/s-equivalent on the U-Net's shapes
 * against 17–38 for XNNPACK and 18–43 for im2col, `npx tsx bench/winograd-speed.ts`). It serves
 * the stride-1 input gradient (conv-input-grad-kernel.ts) and, registered as tfjs's `Conv2D` on
 * wasm, the forward pass of those 3×3 convolutions and of 1×1 ones (no packing: one GEMM,
 * 27–45 GFLOP/s against XNNPACK's 25–30 on the U-Net's skips); every other convolution stays XNNPACK's.
 */

/** Whether X̂ is x itself: a 1×1 filter, stride 1, no padding. */
const pointwise = (g: ConvGeometry) => g.fh === 1 && g.fw === 1 && g.sh === 1 && g.sw === 1 && g.top === 0 && g.left === 0;

/** y = conv2d(x, W) into the float32 [N, outH, outW, C_out] at byte address y. */
export function conv2dInto(be: WasmBackendLike, g: ConvGeometry, x: number, w: number, y: number, simd = true): void {
  if (simd && conv2dWinogradInto(be, g, x, w, y)) return;
  const k2 = g.fh * g.fw * g.inC;
  const positions = g.batch * g.outH * g.outW;
  const direct = pointwise(g);
  const chunk = direct ? positions : chunkPositions(k2);
  const scratch = direct ? 0 : be.wasm._malloc(4 * chunk * k2);
  try {
    for (let p0 = 0; p0 < positions; p0 += chunk) {
      const count = Math.min(chunk, positions - p0);
      const heap = be.wasm.HEAPF32; // read after the allocation: the heap may have grown
      if (!direct) packPatches(heap, g, x / 4, p0, count, scratch / 4);
      const shape: GemmShape = { M: count, N: g.outC, K: k2, aRow: k2, aCol: 1, ldb: g.outC, ldc: g.outC, epilogue: 'store' };
      const gemm = simd ? gemmFor(be, shape) : null;
      const a = direct ? x : scratch;
      if (gemm) gemm(a, w, y + 4 * p0 * g.outC, 0, 0);
      else scalarGemm(heap, shape, a, w, y + 4 * p0 * g.outC);
    }
  } finally {
    if (scratch) be.wasm._free(scratch);
  }
}

interface Conv2DAttrs extends ConvKernelAttrs {
  dilations?: number | [number, number];
}

/** tfjs's `Conv2D` on wasm: Winograd where it applies, 1×1 convolutions as one GEMM (see above), else the original (XNNPACK). */
function conv2dKernel(original: tf.KernelFunc | undefined): tf.KernelFunc {
  return (args) => {
    const be = args.backend as unknown as WasmBackendLike;
    const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
    const a = args.attrs as unknown as Conv2DAttrs;
    const dilated = [a.dilations ?? 1].flat().some((d) => d !== 1);
    const plain = !dilated && (a.dataFormat ?? 'NHWC') === 'NHWC' && x.dtype === 'float32' && filter.dtype === 'float32' && x.shape.length === 4 && filter.shape.length === 4 && x.shape[3] === filter.shape[2];
    const g = plain ? convGeometry(x.shape, filter.shape as [number, number, number, number], a.strides, a.pad, a.dimRoundingMode) : null;
    if (g && (winogradApplies(g) || pointwise(g)) && simdKernelsAvailable()) {
      const y = be.makeOutput([g.batch, g.outH, g.outW, g.outC], 'float32');
      conv2dInto(be, g, addressOf(be, x), addressOf(be, filter), addressOf(be, y));
      return y;
    }
    if (!original) throw new Error('Conv2D (wasm): no kernel for this convolution');
    return original(args);
  };
}

/** Replace tfjs-wasm's `Conv2D` by the dispatch above (idempotent). */
export function registerWasmConv2D(): void {
  replaceKernel('Conv2D', 'wasm', conv2dKernel);
}
