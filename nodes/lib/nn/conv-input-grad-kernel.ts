import * as tf from '@tensorflow/tfjs';
import { addressOf, replaceKernel, type WasmBackendLike } from '../wasm/backend';
import { gemmFor, type GemmShape } from '../wasm/gemm';
import { scalarGemm } from '../wasm/gemm-scalar';
import { chunkPositions } from './conv-filter-grad-kernel';
import { conv2dInto } from './conv-forward-kernel';
import { copyRuns } from '../wasm/copy-runs';
import { convGeometry, kernelGeometry, tapRuns, type ConvGeometry, type ConvKernelAttrs } from './conv-geometry';

/**
 * tfjs's `Conv2DBackpropInput` (dL/dx of y = conv2d(x, W), also conv2dTranspose's forward) for the
 * wasm backend, replacing tfjs-wasm 4.22's XNNPACK deconvolution, which measured 139 ms for the
 * U-Net's stride-2 64×14×14×32 case (1.7 GFLOP/s) and ~8× the forward conv at stride 1. With the
 * im2col view of conv-filter-grad-kernel.ts (K2 = fh·fw·C_in, P positions):
 *
 *   dX̂ [P, K2] = dY [P, C_out] · Wᵀ,   W as [K2, C_out],
 *   dx[n, ih, iw, ci] = Σ over the (p, kh, kw) that read input pixel (ih, iw) of dX̂[p, (kh, kw, ci)]
 *
 * (col2im: each patch row added back where it was read from). dX̂ is made a chunk of positions at
 * a time by the SIMD GEMM (B = Wᵀ [C_out, K2], transposed once per call) and scattered at once.
 * At stride 1 the scatter is avoidable: dx is the forward convolution (conv-forward-kernel.ts) of
 * dy padded by fh−1−top rows in front (fw−1−left columns) with W'[a, b, co, ci] =
 * W[fh−1−a, fw−1−b, ci, co] (see conv-input-grad.ts), which measured ~2× faster than col2im; its 3×3
 * case takes the forward pass's Winograd tile (winograd-conv.ts winogradTile).
 */
const KERNEL = 'Conv2DBackpropInput';

/** dx[…] += the patch rows of dX̂ (at float index `col`) for positions p0 ≤ p < p0 + count (float indices): one strided sum per output row and tap (tapRuns); taps outside the image add nothing. */
export function scatterPatches(be: WasmBackendLike, g: ConvGeometry, col: number, p0: number, count: number, dx: number): void {
  const C = g.inC;
  const k2 = g.fh * g.fw * C;
  tapRuns(g, p0, count, ({ first, tap, lo, hi, pixel }) =>
    copyRuns(be, { run: C, srcStride: k2, dstStride: g.sw * C, add: true }, col + (first + lo) * k2 + tap * C, dx + pixel, hi - lo),
  );
}

/** The padding [front, back] of dy (rows, then columns) that makes dx a stride-1 convolution, or null when one would be negative. */
function stride1Padding(g: ConvGeometry): [[number, number], [number, number]] | null {
  if (g.sh !== 1 || g.sw !== 1) return null;
  const rows: [number, number] = [g.fh - 1 - g.top, g.inH - g.outH + g.top];
  const cols: [number, number] = [g.fw - 1 - g.left, g.inW - g.outW + g.left];
  return [...rows, ...cols].every((p) => p >= 0) ? [rows, cols] : null;
}

/** dx as the forward convolution of padded dy with W' (stride 1). */
function inputGradByConv(be: WasmBackendLike, g: ConvGeometry, [rows, cols]: [[number, number], [number, number]], dy: number, w: number, dx: number, simd: boolean): void {
  const size = g.fh * g.fw * g.inC * g.outC;
  const rotated = be.wasm._malloc(4 * size);
  try {
    const heap = be.wasm.HEAPF32;
    const [W, R] = [w / 4, rotated / 4];
    for (let a = 0; a < g.fh; a++)
      for (let b = 0; b < g.fw; b++)
        for (let ci = 0; ci < g.inC; ci++)
          for (let co = 0; co < g.outC; co++) heap[R + ((a * g.fw + b) * g.outC + co) * g.inC + ci] = heap[W + (((g.fh - 1 - a) * g.fw + (g.fw - 1 - b)) * g.inC + ci) * g.outC + co];
    const gd = convGeometry([g.batch, g.outH, g.outW, g.outC], [g.fh, g.fw, g.outC, g.inC], 1, [[0, 0], rows, cols, [0, 0]]);
    conv2dInto(be, gd, dy, rotated, dx, simd);
  } finally {
    be.wasm._free(rotated);
  }
}

/** dx = col2im(dY · Wᵀ) (or, at stride 1, a forward convolution) into the float32 [N, H, W, C_in] at byte address dx. */
export function inputGradInto(be: WasmBackendLike, g: ConvGeometry, dy: number, w: number, dx: number, simd = true): void {
  const padding = stride1Padding(g);
  if (padding) return inputGradByConv(be, g, padding, dy, w, dx, simd);
  const k2 = g.fh * g.fw * g.inC;
  const positions = g.batch * g.outH * g.outW;
  const chunk = chunkPositions(k2);
  const scratch = be.wasm._malloc(4 * (chunk * k2 + g.outC * k2));
  const wt = scratch + 4 * chunk * k2;
  try {
    let heap = be.wasm.HEAPF32; // read after the allocation: the heap may have grown
    // Wᵀ [C_out, K2] from W [K2, C_out].
    for (let i = 0; i < k2; i++) for (let o = 0; o < g.outC; o++) heap[wt / 4 + o * k2 + i] = heap[w / 4 + i * g.outC + o];
    heap.fill(0, dx / 4, dx / 4 + g.batch * g.inH * g.inW * g.inC);
    for (let p0 = 0; p0 < positions; p0 += chunk) {
      const count = Math.min(chunk, positions - p0);
      const shape: GemmShape = { M: count, N: k2, K: g.outC, aRow: g.outC, aCol: 1, ldb: k2, ldc: k2, epilogue: 'store' };
      const gemm = simd ? gemmFor(be, shape) : null;
      heap = be.wasm.HEAPF32;
      if (gemm) gemm(dy + 4 * p0 * g.outC, wt, scratch, 0, 0);
      else scalarGemm(heap, shape, dy + 4 * p0 * g.outC, wt, scratch);
      scatterPatches(be, g, scratch / 4, p0, count, dx / 4);
    }
  } finally {
    be.wasm._free(scratch);
  }
}

interface InputGradAttrs extends ConvKernelAttrs {
  inputShape: [number, number, number, number];
}

function conv2dBackpropInput({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const be = backend as WasmBackendLike;
  const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const a = attrs as unknown as InputGradAttrs;
  const g = kernelGeometry(KERNEL, a.inputShape, filter.shape as [number, number, number, number], a, dy, [dy, filter]);
  const dx = be.makeOutput(a.inputShape, 'float32');
  inputGradInto(be, g, addressOf(be, dy), addressOf(be, filter), addressOf(be, dx));
  return dx;
}

/** Replace tfjs-wasm's kernel by this one (idempotent). */
export function registerWasmConvInputGrad(): void {
  replaceKernel(KERNEL, 'wasm', () => conv2dBackpropInput);
}
