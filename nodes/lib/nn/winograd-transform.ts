import { cachedKernel, instantiate, relaxedSimdAvailable, type WasmBackendLike } from '../wasm/backend';
import { I32, op, V128, v, type Bytes } from '../wasm/encode';

/**
 * The two-sided tile transform of Winograd convolution as a WebAssembly SIMD function,
 *
 *   out = L · in · Lᵀ   (in: r×r entries, out: q×q, L: q×r),
 *
 * applied to every channel of a run of tiles: each entry (i, j) of a tile is a vector of C floats
 * (C a multiple of 4, four channels per f32x4 lane group). Where the entries lie is given by byte
 * strides, so one generator serves every transform of winograd-conv.ts:
 *   input   Bᵀ d B:  image rows/pixels  → the α² matrices V_ξ (ξ-major: entry (i, j) at ξ = iα + j)
 *   output  Aᵀ M A:  the matrices M_ξ    → image rows/pixels
 *   dy      A dy Aᵀ: image rows/pixels  → matrices (the filter gradient)
 *   filter  G g Gᵀ and back Gᵀ dU G: C = C_in·C_out, one "tile".
 * L's entries are constants of the code: zeros are skipped, ±1 are adds and subtracts, the other
 * coefficients one multiply each. The product is done as L·in (columns) then ·Lᵀ (rows), q·r + q²
 * combinations of r terms rather than q² of r².
 */
export interface TransformSpec {
  /** q×r coefficients. */
  L: number[][];
  /** Floats per entry (a multiple of 4). */
  channels: number;
  /** Byte offsets between entries (i, j) → (i + 1, j) and (i, j) → (i, j + 1), reading and writing. */
  inRow: number;
  inCol: number;
  outRow: number;
  outCol: number;
  /** Bytes from one tile to the next, reading and writing. */
  inStep: number;
  outStep: number;
}

/** (src, dst, tiles): byte addresses of the first tile's entry (0, 0), read and written; tiles ≥ 1. */
export type TransformFn = (src: number, dst: number, tiles: number) => void;

const [SRC, DST, TILES, PS, PD, CG] = [0, 1, 2, 3, 4, 5];
const I32_LOCALS = 3;
const ACC = 6; // a combination's partial sum, when it takes a fused multiply-add
const FIRST_V128 = 7;

/**
 * Σ c·x over the terms (c ≠ 0), a positive term first so that ±1 are adds and subtracts; with `fma`
 * (relaxed SIMD) every other coefficient is one fused multiply-add, |c|·x ± acc as c·x + acc.
 */
function combination(terms: [number, number][], konst: (c: number) => Bytes, fma: boolean): Bytes {
  const live = terms.filter(([c]) => c !== 0).sort((a, b) => Number(b[0] > 0) - Number(a[0] > 0));
  if (live.length === 0) return [...v.const(0)];
  const [[c0, x0], ...rest] = live;
  const out: Bytes = [...op.get(x0), ...(c0 === 1 ? [] : [...konst(c0), ...v.mul])];
  for (const [c, x] of rest) {
    if (Math.abs(c) === 1) out.push(...op.get(x), ...(c > 0 ? v.add : v.sub));
    else if (fma) out.push(...op.set(ACC), ...op.get(x), ...konst(c), ...op.get(ACC), ...v.madd);
    else out.push(...op.get(x), ...konst(Math.abs(c)), ...v.mul, ...(c > 0 ? v.add : v.sub));
  }
  return out;
}

function transformFunction(s: TransformSpec, fma: boolean) {
  const q = s.L.length;
  const r = s.L[0].length;
  if (s.channels % 4 !== 0 || s.channels <= 0) throw new Error(`winograd transform: channels must be a positive multiple of 4, got ${s.channels}`);
  const inputs = (i: number, j: number) => FIRST_V128 + i * r + j;
  const temps = (i: number, j: number) => FIRST_V128 + r * r + i * r + j;
  const constBase = FIRST_V128 + r * r + q * r;
  const constants = new Map<number, number>();
  const konst = (c: number): Bytes => {
    if (!constants.has(c)) constants.set(c, constBase + constants.size);
    return op.get(constants.get(c)!);
  };
  const channelGroup: Bytes = [];
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) channelGroup.push(...op.get(PS), ...v.load(i * s.inRow + j * s.inCol), ...op.set(inputs(i, j)));
  // t = L · in (q × r), then out = t · Lᵀ.
  for (let i = 0; i < q; i++)
    for (let j = 0; j < r; j++) channelGroup.push(...combination(s.L[i].map((c, k) => [c, inputs(k, j)]), konst, fma), ...op.set(temps(i, j)));
  for (let i = 0; i < q; i++)
    for (let j = 0; j < q; j++) channelGroup.push(...op.get(PD), ...combination(s.L[j].map((c, k) => [c, temps(i, k)]), konst, fma), ...v.store(i * s.outRow + j * s.outCol));
  const countDown = (local: number): Bytes => [...op.get(local), ...op.i32(1), ...op.i32Sub, ...op.tee(local), ...op.brIf(0)];
  const advance = (local: number, bytes: number): Bytes => [...op.get(local), ...op.i32(bytes), ...op.i32Add, ...op.set(local)];
  const body: Bytes = [
    ...op.loop,
    ...op.get(SRC), ...op.set(PS), ...op.get(DST), ...op.set(PD),
    ...op.i32(s.channels / 4), ...op.set(CG),
    ...op.loop, ...channelGroup, ...advance(PS, 16), ...advance(PD, 16), ...countDown(CG), ...op.end,
    ...advance(SRC, s.inStep), ...advance(DST, s.outStep),
    ...countDown(TILES),
    ...op.end,
  ];
  const prologue = [...constants].flatMap(([c, local]) => [...v.const(c), ...op.set(local)]);
  const v128Locals = constBase + constants.size - ACC;
  return { params: [I32, I32, I32], locals: [[I32_LOCALS, I32], [v128Locals, V128]] as [number, number][], body: [...prologue, ...body], exportName: 'transform' };
}

/**
 * The transform of this spec on this backend's memory (compiled once per spec; with fused
 * multiply-adds where the engine has relaxed SIMD, unless `fma` says); null without WASM SIMD.
 */
export function transformFor(backend: WasmBackendLike, s: TransformSpec, fma = relaxedSimdAvailable()): TransformFn | null {
  const key = `winograd:${JSON.stringify(s)}:${fma ? 1 : 0}`;
  return cachedKernel(backend, key, (memory) => instantiate<TransformFn>(transformFunction(s, fma), memory));
}

/** The same transform in plain JavaScript on float indices (the tests' reference for the generated code). */
export function transformScalar(heap: Float32Array, s: TransformSpec, src: number, dst: number, tiles: number): void {
  const q = s.L.length;
  const r = s.L[0].length;
  for (let t = 0; t < tiles; t++)
    for (let c = 0; c < s.channels; c++) {
      const at = (i: number, j: number) => heap[(src + t * s.inStep + i * s.inRow + j * s.inCol) / 4 + c];
      for (let i = 0; i < q; i++)
        for (let j = 0; j < q; j++) {
          let sum = 0;
          for (let a = 0; a < r; a++) for (let b = 0; b < r; b++) sum += s.L[i][a] * at(a, b) * s.L[j][b];
          heap[(dst + t * s.outStep + i * s.outRow + j * s.outCol) / 4 + c] = sum;
        }
    }
}
