import type { WasmBackendLike } from '../wasm/backend';
import { gemmFor, type GemmFn } from '../wasm/gemm';
import type { ConvGeometry } from './conv-geometry';
import { F2, F3, F4, transposed, type WinogradMatrices } from './winograd-matrices';
import { transformFor, type TransformFn, type TransformSpec } from './winograd-transform';

/**
 * 3×3 stride-1 convolutions (any padding) and their filter gradients on the wasm backend's memory
 * by Winograd minimal filtering (winograd-matrices.ts). The output is cut into m×m tiles; tile
 * (n, ty, tx) reads the α×α window of x at rows ty·m − top …, columns tx·m − left … (zeros outside:
 * x is first copied into a zero-padded buffer, a chunk of images at a time). Per chunk:
 *
 *   forward      V_ξ = (Bᵀ d B)_ξ [tiles, C_in];  M_ξ = V_ξ · U_ξ;  y tile = Aᵀ M A   (U = G g Gᵀ)
 *   filter grad  D_ξ = (A dy Aᵀ)_ξ [tiles, C_out]; dU_ξ += V_ξᵀ · D_ξ;  at the end dW = Gᵀ dU G
 *
 * (dU is dL/dU: U is linear in g, so dL/dg = Gᵀ dU G; dy beyond the output is zero-padded). The
 * transforms are the SIMD code of winograd-transform.ts, the α² products the lab's SIMD GEMM.
 * The input gradient at stride 1 is a forward convolution of dy with the rotated filter
 * (conv-input-grad-kernel.ts), so it takes the forward path. Channels run in groups of 4: other
 * counts (the U-Net's image channels: 1 → 32, 32 → 1) are zero-padded on the way in and cut on
 * the way out.
 */

/**
 * The tile of a convolution, forward and in both gradients: the one with the fewest multiplies over
 * the padded output, α² per m×m tile, with F(4×4)'s counted 1.2× for its larger transforms (a 6×6
 * window per tile). It picks F(4×4) at 28×28 and 7×7 (8×8 of tiles for 7×7: the waste costs less
 * than F(2×2)'s 4 multiplies an output) and F(3×3) at 14×14 (15×15). Measured per shape with FMA
 * (`bench/winograd-speed.ts`, GFLOP/s-equivalent, F2 / F3 / F4): forward 28×28 55–100 / 49–112 /
 * 72–140, 14×14 101–104 / 102–112 / 86–96, 7×7 60 / 74–78 / 88–91; filter gradient 28×28 64→64
 * 99 / 116 / 146, 7×7 51 / 75 / 82. Larger tiles round more (per convolution, of the scale: F2
 * 0.9–5e-6, F3 0.5–2.5e-5, F4 0.6–3.9e-5; bounds in winograd.test.ts); through the shipped U-Net,
 * DDIM's result stays nearer float64 than PyTorch's own float32 (unet-ode-rounding.test.ts).
 */
export function winogradTile(g: ConvGeometry): WinogradMatrices {
  const cost = (W: WinogradMatrices) => W.alpha * W.alpha * Math.ceil(g.outH / W.m) * Math.ceil(g.outW / W.m) * (W === F4 ? 1.2 : 1);
  return [F2, F3, F4].reduce((best, W) => (cost(W) < cost(best) ? W : best));
}

/** Whether a convolution can run here: 3×3, stride 1 (channels not a multiple of 4 are zero-padded to one). */
export const winogradApplies = (g: ConvGeometry): boolean => g.fh === 3 && g.fw === 3 && g.sh === 1 && g.sw === 1 && g.batch > 0 && g.outH > 0 && g.outW > 0;

const up4 = (c: number) => 4 * Math.ceil(c / 4);

/** Floats of a chunk's largest transformed operand (α² · tiles · channels): about 1 MB, an L2's worth. */
const CHUNK_FLOATS = 1 << 18;

interface Tiling {
  W: WinogradMatrices;
  /** Tiles per image down and across; the padded input's height and width (tiles·m + 2). */
  th: number;
  tw: number;
  hp: number;
  wp: number;
  /** Images per chunk and the tiles they hold (the ξ matrices' row count). */
  images: number;
  tiles: number;
}

function tiling(g: ConvGeometry, W: WinogradMatrices, channels: number): Tiling {
  const th = Math.ceil(g.outH / W.m);
  const tw = Math.ceil(g.outW / W.m);
  const perImage = Math.floor(CHUNK_FLOATS / (W.alpha * W.alpha * channels * th * tw));
  const images = Math.min(g.batch, Math.max(1, perImage));
  return { W, th, tw, hp: th * W.m + 2, wp: tw * W.m + 2, images, tiles: images * th * tw };
}

/** `pixels` runs of C floats from heap[from…] (one every `fromStride`) to heap[to…] (one every `toStride`). */
function copyPixels(heap: Float32Array, from: number, fromStride: number, to: number, toStride: number, pixels: number, C: number): void {
  if (fromStride === C && toStride === C) heap.copyWithin(to, from, from + pixels * C);
  else for (let p = 0; p < pixels; p++) for (let c = 0; c < C; c++) heap[to + p * toStride + c] = heap[from + p * fromStride + c];
}

/** Images n0 ≤ n < n0 + count of x (float index) into the zero-padded [count, hp, wp, Ci] buffer at float index dst (Ci ≥ C_in). */
function padImages(heap: Float32Array, g: ConvGeometry, t: Tiling, Ci: number, x: number, n0: number, count: number, dst: number): void {
  heap.fill(0, dst, dst + count * t.hp * t.wp * Ci);
  const cols = Math.min(g.inW, t.wp - g.left);
  for (let n = 0; n < count; n++)
    for (let ih = 0; ih < g.inH && ih + g.top < t.hp; ih++)
      copyPixels(heap, x + ((n0 + n) * g.inH + ih) * g.inW * g.inC, g.inC, dst + ((n * t.hp + ih + g.top) * t.wp + g.left) * Ci, Ci, cols, g.inC);
}

/** W [3, 3, C_in, C_out] (float index) into [3, 3, Ci, Co] at dst with zeros in the padded channels (back when `back`: dst → w). */
function padFilter(heap: Float32Array, g: ConvGeometry, Ci: number, Co: number, w: number, dst: number, back = false): void {
  if (!back) heap.fill(0, dst, dst + 9 * Ci * Co);
  for (let tap = 0; tap < 9; tap++)
    for (let ci = 0; ci < g.inC; ci++) {
      const [a, b] = [w + (tap * g.inC + ci) * g.outC, dst + (tap * Ci + ci) * Co];
      if (back) heap.copyWithin(a, b, b + g.outC);
      else heap.copyWithin(b, a, a + g.outC);
    }
}

/** The filter transform (G g Gᵀ: [3, 3, C_in·C_out] → [α, α, C_in·C_out]) or its adjoint (Gᵀ dU G). */
function filterSpec(W: WinogradMatrices, channels: number, adjoint: boolean): TransformSpec {
  const cc = 4 * channels;
  const [L, r, q] = adjoint ? [transposed(W.G), W.alpha, 3] : [W.G, 3, W.alpha];
  return { L, channels, inRow: r * cc, inCol: cc, outRow: q * cc, outCol: cc, inStep: 0, outStep: 0 };
}

/** Tile windows of the padded input → the ξ matrices V [α², tiles, C_in]. */
const inputSpec = (t: Tiling, C: number): TransformSpec => ({
  L: t.W.BT, channels: C, inRow: 4 * t.wp * C, inCol: 4 * C, outRow: 4 * t.W.alpha * t.tiles * C, outCol: 4 * t.tiles * C, inStep: 4 * t.W.m * C, outStep: 4 * C,
});

/** Rows of m×m blocks (row stride `rowFloats`) ↔ ξ matrices [α², tiles, C] (L = A: dy → D; L = Aᵀ: M → y). */
function blockSpec(t: Tiling, C: number, rowFloats: number, toMatrices: boolean): TransformSpec {
  const image = { row: 4 * rowFloats, col: 4 * C, step: 4 * t.W.m * C };
  const matrices = { row: 4 * t.W.alpha * t.tiles * C, col: 4 * t.tiles * C, step: 4 * C };
  const [from, to] = toMatrices ? [image, matrices] : [matrices, image];
  return { L: toMatrices ? transposed(t.W.AT) : t.W.AT, channels: C, inRow: from.row, inCol: from.col, outRow: to.row, outCol: to.col, inStep: from.step, outStep: to.step };
}

/** The kernels of one call, or null where one of them cannot be built (no WASM SIMD). */
function kernels<K extends Record<string, TransformFn | GemmFn | null>>(k: K): { [P in keyof K]: NonNullable<K[P]> } | null {
  return Object.values(k).every((f) => f !== null) ? (k as { [P in keyof K]: NonNullable<K[P]> }) : null;
}

/**
 * The tiling and the sizes both directions share: `crop` when the output is not whole tiles (the
 * image side of the output and dy transforms then goes through a buffer of whole tiles, rows of
 * `rowFloats`).
 */
function layout(g: ConvGeometry, W: WinogradMatrices) {
  const [Ci, Co] = [up4(g.inC), up4(g.outC)];
  const padded = Ci !== g.inC || Co !== g.outC;
  const crop = g.outH % W.m !== 0 || g.outW % W.m !== 0 || Co !== g.outC;
  const t = tiling(g, W, Math.max(Ci, Co));
  return { t, a2: W.alpha * W.alpha, Ci, Co, m: W.m, padded, crop, rowFloats: (crop ? t.tw * W.m : g.outW) * Co };
}

/** One heap block for buffers of these float counts: its address and each buffer's. */
function allocate(be: WasmBackendLike, sizes: number[]): { base: number; at: number[] } {
  const base = be.wasm._malloc(4 * sizes.reduce((a, b) => a + b));
  return { base, at: sizes.map((_, i) => base + 4 * sizes.slice(0, i).reduce((a, b) => a + b, 0)) };
}

/** Chunks of images: [first image, count]. */
const chunksOf = (g: ConvGeometry, t: Tiling): [number, number][] =>
  Array.from({ length: Math.ceil(g.batch / t.images) }, (_, i) => [i * t.images, Math.min(t.images, g.batch - i * t.images)]);

/**
 * y = conv2d(x, W) + b (byte addresses, float32 NHWC; b [C_out] where `bias` ≠ 0) by Winograd; false
 * (nothing written) where it cannot run here. The bias costs no pass of its own: column 1 of Aᵀ is
 * all ones (F(2×2): (1, 1); F(4×4): (1, 1, 1, 1)), so b added to M_ξ at ξ = (1, 1) (the GEMM's bias
 * epilogue there) adds Aᵀ e₁ b e₁ᵀ A = b to every output of the tile.
 */
export function conv2dWinogradInto(be: WasmBackendLike, g: ConvGeometry, x: number, w: number, y: number, W: WinogradMatrices = winogradTile(g), bias = 0): boolean {
  if (!winogradApplies(g)) return false;
  const { t, a2, Ci, Co, m, padded, crop, rowFloats } = layout(g, W);
  const k = kernels({
    filter: transformFor(be, filterSpec(W, Ci * Co, false)),
    input: transformFor(be, inputSpec(t, Ci)),
    output: transformFor(be, blockSpec(t, Co, rowFloats, false)),
  });
  if (!k) return false;
  const paddedBias = bias !== 0 && Co !== g.outC;
  const { base, at: [U, xp, V, M, rows, wp, bp] } = allocate(be, [a2 * Ci * Co, t.images * t.hp * t.wp * Ci, a2 * t.tiles * Ci, a2 * t.tiles * Co, crop ? m * rowFloats : 0, padded ? 9 * Ci * Co : 0, paddedBias ? Co : 0]);
  const onesColumn = W.alpha + 1; // ξ = (1, 1), see above
  if (bias && !W.AT.every((row) => row[1] === 1)) throw new Error('conv2d (winograd): a bias needs a column of ones in Aᵀ');
  try {
    if (padded) padFilter(be.wasm.HEAPF32, g, Ci, Co, w / 4, wp / 4);
    if (paddedBias) {
      be.wasm.HEAPF32.fill(0, bp / 4, bp / 4 + Co);
      be.wasm.HEAPF32.copyWithin(bp / 4, bias / 4, bias / 4 + g.outC);
    }
    const b = paddedBias ? bp : bias;
    k.filter(padded ? wp : w, U, 1);
    for (const [n0, count] of chunksOf(g, t)) {
      padImages(be.wasm.HEAPF32, g, t, Ci, x / 4, n0, count, xp / 4);
      for (let n = 0; n < count; n++) for (let ty = 0; ty < t.th; ty++) k.input(xp + 4 * (n * t.hp + ty * m) * t.wp * Ci, V + 4 * (n * t.th + ty) * t.tw * Ci, t.tw);
      const shape = { M: count * t.th * t.tw, N: Co, K: Ci, aRow: Ci, aCol: 1, ldb: Co, ldc: Co } as const;
      const gemm = gemmFor(be, { ...shape, epilogue: 'store' });
      const gemmBias = b ? gemmFor(be, { ...shape, epilogue: 'bias' }) : gemm;
      if (!gemm || !gemmBias) throw new Error('conv2d (winograd): the SIMD GEMM could not be built');
      for (let xi = 0; xi < a2; xi++) (b && xi === onesColumn ? gemmBias : gemm)(V + 4 * xi * t.tiles * Ci, U + 4 * xi * Ci * Co, M + 4 * xi * t.tiles * Co, b, 0);
      const heap = be.wasm.HEAPF32;
      for (let n = 0; n < count; n++)
        for (let ty = 0; ty < t.th; ty++) {
          const src = M + 4 * (n * t.th + ty) * t.tw * Co;
          const row0 = (n0 + n) * g.outH + ty * m;
          if (!crop) {
            k.output(src, y + 4 * row0 * g.outW * Co, t.tw); // Co = C_out here
            continue;
          }
          k.output(src, rows, t.tw);
          for (let i = 0; i < Math.min(m, g.outH - ty * m); i++) copyPixels(heap, rows / 4 + i * rowFloats, Co, y / 4 + (row0 + i) * g.outW * g.outC, g.outC, g.outW, g.outC);
        }
    }
  } finally {
    be.wasm._free(base);
  }
  return true;
}

/** dW = dL/dW of y = conv2d(x, W) for dy (byte addresses) by Winograd; false (nothing written) where it cannot run here. */
export function filterGradWinogradInto(be: WasmBackendLike, g: ConvGeometry, x: number, dy: number, dw: number, W: WinogradMatrices = winogradTile(g)): boolean {
  if (!winogradApplies(g)) return false;
  const { t, a2, Ci, Co, m, padded, crop, rowFloats } = layout(g, W);
  const k = kernels({
    adjoint: transformFor(be, filterSpec(W, Ci * Co, true)),
    input: transformFor(be, inputSpec(t, Ci)),
    dy: transformFor(be, blockSpec(t, Co, rowFloats, true)),
  });
  if (!k) return false;
  const { base, at: [dU, xp, V, D, dyp, dwp] } = allocate(be, [a2 * Ci * Co, t.images * t.hp * t.wp * Ci, a2 * t.tiles * Ci, a2 * t.tiles * Co, crop ? t.images * t.th * m * rowFloats : 0, padded ? 9 * Ci * Co : 0]);
  try {
    for (const [n0, count] of chunksOf(g, t)) {
      const heap = be.wasm.HEAPF32;
      padImages(heap, g, t, Ci, x / 4, n0, count, xp / 4);
      let dyAt = dy + 4 * n0 * g.outH * g.outW * g.outC;
      if (crop) {
        // dy of these images into [count, th·m, tw·m, Co], zeros beyond the output and in padded channels.
        heap.fill(0, dyp / 4, dyp / 4 + count * t.th * m * rowFloats);
        for (let r = 0; r < count * g.outH; r++) {
          const [n, oh] = [Math.floor(r / g.outH), r % g.outH];
          copyPixels(heap, dyAt / 4 + r * g.outW * g.outC, g.outC, dyp / 4 + (n * t.th * m + oh) * rowFloats, Co, g.outW, g.outC);
        }
        dyAt = dyp;
      }
      for (let n = 0; n < count; n++)
        for (let ty = 0; ty < t.th; ty++) {
          const tile0 = (n * t.th + ty) * t.tw;
          k.input(xp + 4 * (n * t.hp + ty * m) * t.wp * Ci, V + 4 * tile0 * Ci, t.tw);
          k.dy(dyAt + 4 * (n * t.th + ty) * m * rowFloats, D + 4 * tile0 * Co, t.tw);
        }
      const gemm = gemmFor(be, { M: Ci, N: Co, K: count * t.th * t.tw, aRow: 1, aCol: Ci, ldb: Co, ldc: Co, epilogue: 'store', accumulate: n0 > 0 });
      if (!gemm) throw new Error('Conv2DBackpropFilter (winograd): the SIMD GEMM could not be built');
      for (let xi = 0; xi < a2; xi++) gemm(V + 4 * xi * t.tiles * Ci, D + 4 * xi * t.tiles * Co, dU + 4 * xi * Ci * Co, 0, 0);
    }
    k.adjoint(dU, padded ? dwp : dw, 1);
    if (padded) padFilter(be.wasm.HEAPF32, g, Ci, Co, dw / 4, dwp / 4, true);
  } finally {
    be.wasm._free(base);
  }
  return true;
}
