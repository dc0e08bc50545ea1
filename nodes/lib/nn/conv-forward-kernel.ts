import * as tf from '@tensorflow/tfjs';
import { addressOf, replaceKernel, simdKernelsAvailable, type WasmBackendLike } from '../wasm/backend';
import { gemmFor, type GemmShape } from '../wasm/gemm';
import { scalarGemm } from '../wasm/gemm-scalar';
import { chunkPositions, packPatches } from './conv-filter-grad-kernel';
import { convGeometry, type ConvGeometry, type ConvKernelAttrs } from './conv-geometry';
import { conv2dWinogradInto, winogradApplies, winogradTile } from './winograd-conv';
import type { WinogradMatrices } from './winograd-matrices';

/**
 * A forward convolution (NHWC, dilation 1) on the wasm backend's memory as im2col + the lab's SIMD
 * GEMM:
 *
 *   y [P, C_out] = X̂ [P, K2] · W [K2, C_out]
 *
 * with X̂ the patches of conv-filter-grad-kernel.ts, packed a chunk of positions at a time (a 1×1
 * convolution at stride 1 without padding reads x itself: X̂ = x as [P, C_in]). 3×3 stride-1
 * convolutions go to Winograd instead (winograd-conv.ts: F(2×2), F(3×3) or F(4×4, 3×3) by
 * winogradTile, 2.25–4× fewer multiplies, 80–146 GFLOP/s-equivalent with FMA on the U-Net's shapes
 * against ~30 for XNNPACK, `npx tsx bench/winograd-speed.ts`). It serves the stride-1 input
 * gradient (conv-input-grad-kernel.ts) and, registered as tfjs's `Conv2D` and `FusedConv2D` (bias,
 * no activation) on wasm, the forward pass of those 3×3 convolutions and of 1×1 ones (no packing:
 * one GEMM, 27–51 GFLOP/s against XNNPACK's 25–30 on the U-Net's skips); every other convolution
 * stays XNNPACK's. A bias b is the GEMM's epilogue
 * (C = A·B + b), so y + b costs no pass over y.
 */

/** Whether X̂ is x itself: a 1×1 filter, stride 1, no padding. */
const pointwise = (g: ConvGeometry) => g.fh === 1 && g.fw === 1 && g.sh === 1 && g.sw === 1 && g.top === 0 && g.left === 0;

/** Options of conv2dInto: Winograd's tile (winogradTile's unless given) and a bias b [C_out] (byte address; 0: none). */
export interface ConvIntoOptions {
  tile?: WinogradMatrices;
  bias?: number;
}

/** y = conv2d(x, W) (+ b) into the float32 [N, outH, outW, C_out] at byte address y; the bias is the GEMM's epilogue. */
export function conv2dInto(be: WasmBackendLike, g: ConvGeometry, x: number, w: number, y: number, simd = true, { tile = winogradTile(g), bias = 0 }: ConvIntoOptions = {}): void {
  if (simd && conv2dWinogradInto(be, g, x, w, y, tile, bias)) return;
  const k2 = g.fh * g.fw * g.inC;
  const positions = g.batch * g.outH * g.outW;
  const direct = pointwise(g);
  const chunk = direct ? positions : chunkPositions(k2);
  const scratch = direct ? 0 : be.wasm._malloc(4 * chunk * k2);
  try {
    for (let p0 = 0; p0 < positions; p0 += chunk) {
      const count = Math.min(chunk, positions - p0);
      const heap = be.wasm.HEAPF32; // read after the allocation: the heap may have grown
      if (!direct) packPatches(be, g, x / 4, p0, count, scratch / 4);
      const shape: GemmShape = { M: count, N: g.outC, K: k2, aRow: k2, aCol: 1, ldb: g.outC, ldc: g.outC, epilogue: bias ? 'bias' : 'store' };
      const gemm = simd ? gemmFor(be, shape) : null;
      const a = direct ? x : scratch;
      const out = y + 4 * p0 * g.outC;
      if (gemm) gemm(a, w, out, bias, 0);
      else {
        scalarGemm(heap, { ...shape, epilogue: 'store' }, a, w, out);
        if (bias) for (let i = 0; i < count * g.outC; i++) heap[out / 4 + i] += heap[bias / 4 + (i % g.outC)];
      }
    }
  } finally {
    if (scratch) be.wasm._free(scratch);
  }
}

interface Conv2DAttrs extends ConvKernelAttrs {
  dilations?: number | [number, number];
  /** FusedConv2D's: only 'linear' (none) runs here. */
  activation?: string;
}

/**
 * tfjs's `Conv2D` on wasm, and `FusedConv2D` with a bias [C_out] and no activation (tf.fused.conv2d,
 * the U-Net's convolutions: the bias add is the GEMM's epilogue instead of a pass over y): Winograd
 * where it applies (winogradTile's tile) to at least 4 input channels, 1×1 convolutions as one GEMM
 * (see above), else the original (XNNPACK). Below 4 input channels Winograd pads them to 4: the
 * U-Net's image convolution (1 → 32 at 28×28) took 3.6–3.9 ms so against XNNPACK's 1.75.
 */
function conv2dKernel(name: string) {
  return (original: tf.KernelFunc | undefined): tf.KernelFunc =>
    (args) => {
      const be = args.backend as unknown as WasmBackendLike;
      const { x, filter, bias, preluActivationWeights } = args.inputs as Record<string, tf.TensorInfo | undefined> & { x: tf.TensorInfo; filter: tf.TensorInfo };
      const a = args.attrs as unknown as Conv2DAttrs;
      const dilated = [a.dilations ?? 1].flat().some((d) => d !== 1);
      const unfused = (a.activation ?? 'linear') === 'linear' && !preluActivationWeights && (!bias || (bias.dtype === 'float32' && bias.shape.length === 1 && bias.shape[0] === filter.shape[3]));
      const plain = unfused && !dilated && (a.dataFormat ?? 'NHWC') === 'NHWC' && x.dtype === 'float32' && filter.dtype === 'float32' && x.shape.length === 4 && filter.shape.length === 4 && x.shape[3] === filter.shape[2];
      const g = plain ? convGeometry(x.shape, filter.shape as [number, number, number, number], a.strides, a.pad, a.dimRoundingMode) : null;
      if (g && ((winogradApplies(g) && g.inC >= 4) || pointwise(g)) && simdKernelsAvailable()) {
        const y = be.makeOutput([g.batch, g.outH, g.outW, g.outC], 'float32');
        conv2dInto(be, g, addressOf(be, x), addressOf(be, filter), addressOf(be, y), true, { bias: bias ? addressOf(be, bias) : 0 });
        return y;
      }
      if (!original) throw new Error(`${name} (wasm): no kernel for this convolution`);
      return original(args);
    };
}

/** Replace tfjs-wasm's `Conv2D` and `FusedConv2D` by the dispatch above (idempotent). */
export function registerWasmConv2D(): void {
  for (const name of ['Conv2D', 'FusedConv2D']) replaceKernel(name, 'wasm', conv2dKernel(name));
}
