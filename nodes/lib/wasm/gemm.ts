import { I32, op, V128, v, type Bytes } from './encode';
import { expf, EXPF_CONSTANTS } from './expf';
import { loadLanes, storeLanes } from './lanes';
import { cachedKernel, instantiate, relaxedSimdAvailable, type WasmBackendLike } from './backend';

/**
 * C = A·B (M×K times K×N, float32) as a WebAssembly SIMD function specialised to one shape, with
 * the layer arithmetic that follows a matMul fused into its last pass (the epilogue):
 *   store      C = A·B
 *   bias       C = A·B + b                         (b: a row of N, at p1)
 *   bias-relu  C = max(A·B + b, 0)
 *   bias-silu  z = A·B + b,  S = sig(z) (at p2, C's layout),  C = z·S
 *   relu-grad  C = (A·B) ⊙ 1[H > 0]                (H at p1, C's layout: relu'(z) from h = relu(z))
 *   silu-grad  C = (A·B) ⊙ (S + H(1 − S))          (H at p1, S at p2: silu'(z) from h and sig(z))
 * A is read through strides, A(i, k) = a[i·aRow + k·aCol], so the same code multiplies by A or by Aᵀ
 * (a dense layer's weight gradient Hᵀ·dZ needs no transpose); B and C are row-major with row
 * strides ldb and ldc.
 *
 * The micro-kernel is the register-blocked outer product of the BLAS/XNNPACK GEMMs: a tile of R = 4
 * rows × 8 columns of C lives in 8 f32x4 registers; each k loads two vectors of B's row k and
 * four broadcasts A(i..i+3, k), and adds their products (64 flops per 6 loads). Every offset and
 * trip count is a constant of the specialised code; column tails of 4, 3, 2, 1 use narrower vectors
 * with exact loads and stores (no access outside the operands). Measured on this machine (V8 11.3,
 * [512, 128]·[128, 128], best of 60): 0.55 ms (30 GFLOP/s) for A·B and 0.70 ms for Aᵀ·B, against
 * 0.75 ms for tfjs's matMul with B already packed and 1.1 ms with a new B. Unrolling k (by 2, 3,
 * 4, 8) and 3, 5 or 6 rows per tile were all slower; so was loading A's four rows as one vector
 * and shuffling (Aᵀ·B).
 *
 * Why not tfjs's matMul: tfjs-wasm runs XNNPACK's fully-connected operator, which repacks its right
 * operand on every call with new data: in training every weight and gradient is new each step, and
 * repacking with operator creation cost ~2.5 ms of a 12 ms DSM step (NOTES.md).
 */
export type Epilogue = 'store' | 'bias' | 'bias-relu' | 'bias-silu' | 'relu-grad' | 'silu-grad';

export interface GemmShape {
  M: number;
  N: number;
  K: number;
  /** A(i, k) = a[i·aRow + k·aCol] (in elements). */
  aRow: number;
  aCol: number;
  /** Row strides of B [K, N] and of C [M, N], in elements (the epilogue's arrays share C's). */
  ldb: number;
  ldc: number;
  epilogue: Epilogue;
  /** C += A·B (before the epilogue): a long K cut into calls (the conv filter gradient's chunks of positions). */
  accumulate?: boolean;
  /** The k-loop's multiply-adds fused (relaxed SIMD, see `v.madd`); by default where the engine has it. */
  fma?: boolean;
}

/** (a, b, c, p1, p2): byte addresses of A, B, C and of the epilogue's operands (0 when unused). */
export type GemmFn = (a: number, b: number, c: number, p1: number, p2: number) => void;

const ROWS_PER_TILE = 4;

// Locals: parameters, i32 counters and offsets (bytes), then the f32x4 registers.
const [A, B, C, P1, P2] = [0, 1, 2, 3, 4];
const [ROWS, COLS, KL, PA, PB, RA, RC, CO, PC] = [5, 6, 7, 8, 9, 10, 11, 12, 13];
const I32_LOCALS = 9;
const [S, T, Y, KF, F] = [14, 15, 16, 17, 18];
const BV = 19; // 2 vectors of B
const ACC = 21; // ROWS_PER_TILE × 2 accumulators
// The epilogue's constants, set once on entry: expf's, then 0, −87, 88.
const CONSTANTS = [...EXPF_CONSTANTS, 0, -87, 88];
const CONST = ACC + 2 * ROWS_PER_TILE;
const k = (x: number): Bytes => op.get(CONST + CONSTANTS.indexOf(x));
const V128_LOCALS = CONST + CONSTANTS.length - S;

const add = (local: number, bytes: number): Bytes => (bytes === 0 ? [] : [...op.get(local), ...op.i32(bytes), ...op.i32Add, ...op.set(local)]);
const sum = (...locals: number[]): Bytes => locals.flatMap((l, i) => (i === 0 ? op.get(l) : [...op.get(l), ...op.i32Add]));

const load = (addr: Bytes, off: number, w: number) => loadLanes(addr, off, w, T);
const store = storeLanes;

/**
 * A pass over k0 ≤ k < k0 + kLen. The first pass writes C, later ones add to it, and only the last
 * applies the epilogue's arithmetic: one pass's A and B rows fit in L1 (KC = 128 rows), where a
 * whole K = 512 (a weight gradient over a batch) would stream them from L2 for every tile
 * (measured: Hᵀ·dZ for [512, 128] operands 0.71 → 0.66 ms; [512, 512]² 13.9 → 12.6 ms).
 */
interface Chunk {
  k0: number;
  kLen: number;
  first: boolean;
  last: boolean;
}

const KC = 128;

function chunks(K: number): Chunk[] {
  const n = Math.max(1, Math.ceil(K / KC));
  return Array.from({ length: n }, (_, i) => ({ k0: i * KC, kLen: Math.min(KC, K - i * KC), first: i === 0, last: i === n - 1 }));
}

/** One tile of R rows and vectors of the given widths, at rows RA/RC and column offset CO. */
function tile(s: GemmShape, R: number, widths: number[], c: Chunk): Bytes {
  const acc = (r: number, j: number) => ACC + 2 * r + j;
  const kStep: Bytes = [
    ...widths.flatMap((w, j) => [...load(op.get(PB), 16 * j, w), ...op.set(BV + j)]),
    ...Array.from({ length: R }, (_, r) => [
      ...op.get(PA), ...v.load32Splat(4 * r * s.aRow), ...op.set(S),
      ...widths.flatMap((_, j) => [...(s.fma ? [...op.get(S), ...op.get(BV + j), ...op.get(acc(r, j)), ...v.madd] : [...op.get(acc(r, j)), ...op.get(S), ...op.get(BV + j), ...v.mul, ...v.add]), ...op.set(acc(r, j))]),
    ]).flat(),
  ];
  return [
    ...sum(A, RA), ...op.i32(4 * c.k0 * s.aCol), ...op.i32Add, ...op.set(PA),
    ...sum(B, CO), ...op.i32(4 * c.k0 * s.ldb), ...op.i32Add, ...op.set(PB),
    ...Array.from({ length: R }, (_, r) => widths.flatMap((_, j) => [...k(0), ...op.set(acc(r, j))])).flat(),
    ...op.i32(c.kLen), ...op.set(KL), ...op.loop,
    ...kStep, ...add(PA, 4 * s.aCol), ...add(PB, 4 * s.ldb),
    ...op.get(KL), ...op.i32(1), ...op.i32Sub, ...op.tee(KL), ...op.brIf(0), ...op.end,
    ...sum(C, RC, CO), ...op.set(PC),
    ...Array.from({ length: R }, (_, r) => widths.flatMap((w, j) => epilogue(s, acc(r, j), 4 * r * s.ldc + 16 * j, 16 * j, w, c))).flat(),
  ];
}

/** The epilogue of one accumulator, stored at PC + off; `colOff` is its offset within the bias row. */
function epilogue(s: GemmShape, accReg: number, off: number, colOff: number, w: number, c: Chunk): Bytes {
  const aux = (p: number) => sum(p, RC, CO);
  const out: Bytes = [...op.get(accReg), ...(c.first && !s.accumulate ? [] : [...load(op.get(PC), off, w), ...v.add])];
  switch (c.last ? s.epilogue : 'store') {
    case 'store':
      break;
    case 'bias':
    case 'bias-relu':
    case 'bias-silu':
      out.push(...load(sum(P1, CO), colOff, w), ...v.add);
      if (s.epilogue === 'bias-relu') out.push(...k(0), ...v.pmax);
      if (s.epilogue === 'bias-silu') {
        // sig(z) = 1/(1 + e^(−z)), e^(−z) with −z clamped to expf's range (sig is 0 or 1 to float32 there)
        out.push(...op.tee(T), ...v.neg, ...k(-87), ...v.pmax, ...k(88), ...v.pmin, ...op.set(Y));
        out.push(...k(1), ...k(1), ...expf(Y, KF, F, k, s.fma), ...v.add, ...v.div, ...op.set(S));
        out.push(...store(aux(P2), off, w, S), ...op.get(T), ...op.get(S), ...v.mul);
      }
      break;
    case 'relu-grad':
      out.push(...load(aux(P1), off, w), ...k(0), ...v.gt, ...v.and);
      break;
    case 'silu-grad':
      // S + H(1 − S)
      out.push(...load(aux(P2), off, w), ...op.tee(S), ...load(aux(P1), off, w), ...k(1), ...op.get(S), ...v.sub, ...v.mul, ...v.add, ...v.mul);
      break;
  }
  out.push(...op.set(Y));
  return [...out, ...store(op.get(PC), off, w, Y)];
}

/** Every column block of one row band: 8-wide tiles in a loop, then a 4-wide and a narrower tail. */
function rowBand(s: GemmShape, R: number, c: Chunk): Bytes {
  const out: Bytes = [...op.i32(0), ...op.set(CO)];
  const eights = Math.floor(s.N / 8);
  if (eights > 0) out.push(...op.i32(eights), ...op.set(COLS), ...op.loop, ...tile(s, R, [4, 4], c), ...add(CO, 32), ...op.get(COLS), ...op.i32(1), ...op.i32Sub, ...op.tee(COLS), ...op.brIf(0), ...op.end);
  if (s.N % 8 >= 4) out.push(...tile(s, R, [4], c), ...add(CO, 16));
  if (s.N % 4 > 0) out.push(...tile(s, R, [s.N % 4], c));
  return [...out, ...add(RA, 4 * R * s.aRow), ...add(RC, 4 * R * s.ldc)];
}

/** `count` bands of R rows each. */
function rowLoop(s: GemmShape, R: number, count: number, c: Chunk): Bytes {
  if (count === 0) return [];
  return [...op.i32(count), ...op.set(ROWS), ...op.loop, ...rowBand(s, R, c), ...op.get(ROWS), ...op.i32(1), ...op.i32Sub, ...op.tee(ROWS), ...op.brIf(0), ...op.end];
}

/** The function's body and locals for one shape. */
function gemmFunction(s: GemmShape) {
  const body: Bytes = [
    ...CONSTANTS.flatMap((x, i) => [...v.const(x), ...op.set(CONST + i)]),
    ...chunks(s.K).flatMap((c) => [
      ...op.i32(0), ...op.set(RA), ...op.i32(0), ...op.set(RC),
      ...rowLoop(s, ROWS_PER_TILE, Math.floor(s.M / ROWS_PER_TILE), c),
      ...rowLoop(s, 1, s.M % ROWS_PER_TILE, c),
    ]),
  ];
  return { params: [I32, I32, I32, I32, I32], locals: [[I32_LOCALS, I32], [V128_LOCALS, V128]] as [number, number][], body, exportName: 'gemm' };
}

/** The GEMM of this shape on this backend's memory (compiled once per shape); null without WASM SIMD. */
export function gemmFor(backend: WasmBackendLike, shape: GemmShape): GemmFn | null {
  const s = { ...shape, fma: shape.fma ?? relaxedSimdAvailable() };
  const key = `gemm:${s.M},${s.N},${s.K},${s.aRow},${s.aCol},${s.ldb},${s.ldc},${s.epilogue},${s.accumulate ? 1 : 0},${s.fma ? 1 : 0}`;
  return cachedKernel(backend, key, (memory) => instantiate<GemmFn>(gemmFunction(s), memory));
}
