import type { WasmBackendLike } from '../wasm/backend';
import { gemmFor, type GemmShape } from '../wasm/gemm';
import { scalarGemm } from '../wasm/gemm-scalar';
import { chunkPositions, packPatches } from './conv-filter-grad-kernel';
import type { ConvGeometry } from './conv-geometry';

/**
 * A forward convolution (NHWC, dilation 1) on the wasm backend's memory as im2col + the lab's SIMD
 * GEMM:
 *
 *   y [P, C_out] = X̂ [P, K2] · W [K2, C_out]
 *
 * with X̂ the patches of conv-filter-grad-kernel.ts, packed a chunk of positions at a time (a 1×1
 * convolution at stride 1 without padding reads x itself: X̂ = x as [P, C_in]). It serves the
 * stride-1 input gradient (conv-input-grad-kernel.ts). It is not registered as tfjs's `Conv2D`:
 * on the U-Net's shapes (64 images, 3×3, 7×7 to 28×28, 32–128 channels; interleaved runs, CPU
 * time) it measured 27–42 GFLOP/s against XNNPACK's 24–36, but 19 against 33 at 32 → 32 channels,
 * where packing weighs most: no clear gain for replacing a well-tried kernel.
 */

/** Whether X̂ is x itself: a 1×1 filter, stride 1, no padding. */
const pointwise = (g: ConvGeometry) => g.fh === 1 && g.fw === 1 && g.sh === 1 && g.sw === 1 && g.top === 0 && g.left === 0;

/** y = conv2d(x, W) into the float32 [N, outH, outW, C_out] at byte address y. */
export function conv2dInto(be: WasmBackendLike, g: ConvGeometry, x: number, w: number, y: number, simd = true): void {
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
