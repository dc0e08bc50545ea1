import { I32, op, V128, v, type Bytes } from './encode';
import { expf } from './expf';
import { cachedKernel, instantiate, type WasmBackendLike } from './backend';

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
 * four broadcasts A(i..i+3, k), and adds their products (64 flops per 6 loads). k is unrolled by
 * 4, every offset and trip count is a constant of the specialised code, and column tails of 4, 3,
 * 2, 1 use narrower vectors with exact loads and stores (no access outside the operands).
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
}

/** (a, b, c, p1, p2): byte addresses of A, B, C and of the epilogue's operands (0 when unused). */
export type GemmFn = (a: number, b: number, c: number, p1: number, p2: number) => void;

const ROWS_PER_TILE = 4;
const UNROLL = 4;

// Locals: parameters, i32 counters and offsets (bytes), then the f32x4 registers.
const [A, B, C, P1, P2] = [0, 1, 2, 3, 4];
const [ROWS, COLS, KL, PA, PB, RA, RC, CO, PC] = [5, 6, 7, 8, 9, 10, 11, 12, 13];
const I32_LOCALS = 9;
const [S, T, Y, KF, F] = [14, 15, 16, 17, 18];
const BV = 19; // 2 vectors of B
const ACC = 21; // ROWS_PER_TILE × 2 accumulators
const V128_LOCALS = ACC + 2 * ROWS_PER_TILE - S;

const add = (local: number, bytes: number): Bytes => (bytes === 0 ? [] : [...op.get(local), ...op.i32(bytes), ...op.i32Add, ...op.set(local)]);
const sum = (...locals: number[]): Bytes => locals.flatMap((l, i) => (i === 0 ? op.get(l) : [...op.get(l), ...op.i32Add]));

/** Push a vector of `w` ≤ 4 floats from addr + off (lanes past w are zero). */
function load(addr: Bytes, off: number, w: number): Bytes {
  if (w === 4) return [...addr, ...v.load(off)];
  if (w === 2) return [...addr, ...v.load64Zero(off)];
  if (w === 1) return [...addr, ...v.load32Zero(off)];
  return [...addr, ...v.load64Zero(off), ...op.set(T), ...addr, ...op.get(T), ...v.load32Lane(2, off + 8)];
}

/** Store the first `w` lanes of local `reg` at addr + off. */
function store(addr: Bytes, off: number, w: number, reg: number): Bytes {
  if (w === 4) return [...addr, ...op.get(reg), ...v.store(off)];
  const pair = [...addr, ...op.get(reg), ...v.store64Lane(0, off)];
  if (w === 2) return pair;
  if (w === 1) return [...addr, ...op.get(reg), ...v.store32Lane(0, off)];
  return [...pair, ...addr, ...op.get(reg), ...v.store32Lane(2, off + 8)];
}

/** One tile of R rows and vectors of the given widths, at rows RA/RC and column offset CO. */
function tile(s: GemmShape, R: number, widths: number[]): Bytes {
  const acc = (r: number, j: number) => ACC + 2 * r + j;
  const kStep = (u: number): Bytes => [
    ...widths.flatMap((w, j) => [...load(op.get(PB), 4 * u * s.ldb + 16 * j, w), ...op.set(BV + j)]),
    ...Array.from({ length: R }, (_, r) => [
      ...op.get(PA), ...v.load32Splat(4 * (r * s.aRow + u * s.aCol)), ...op.set(S),
      ...widths.flatMap((_, j) => [...op.get(acc(r, j)), ...op.get(S), ...op.get(BV + j), ...v.mul, ...v.add, ...op.set(acc(r, j))]),
    ]).flat(),
  ];
  const loops = Math.floor(s.K / UNROLL);
  const body: Bytes = [
    ...sum(A, RA), ...op.set(PA),
    ...sum(B, CO), ...op.set(PB),
    ...Array.from({ length: R }, (_, r) => widths.flatMap((_, j) => [...v.const(0), ...op.set(acc(r, j))])).flat(),
  ];
  if (loops > 0) {
    body.push(...op.i32(loops), ...op.set(KL), ...op.loop);
    for (let u = 0; u < UNROLL; u++) body.push(...kStep(u));
    body.push(...add(PA, 4 * UNROLL * s.aCol), ...add(PB, 4 * UNROLL * s.ldb));
    body.push(...op.get(KL), ...op.i32(1), ...op.i32Sub, ...op.tee(KL), ...op.brIf(0), ...op.end);
  }
  for (let u = 0; u < s.K % UNROLL; u++) body.push(...kStep(u));
  body.push(...sum(C, RC, CO), ...op.set(PC));
  for (let r = 0; r < R; r++) widths.forEach((w, j) => body.push(...epilogue(s, acc(r, j), 4 * r * s.ldc + 16 * j, 16 * j, w)));
  return body;
}

/** The epilogue of one accumulator, stored at PC + off; `colOff` is its offset within the bias row. */
function epilogue(s: GemmShape, accReg: number, off: number, colOff: number, w: number): Bytes {
  const aux = (p: number) => sum(p, RC, CO);
  const out: Bytes = [...op.get(accReg)];
  switch (s.epilogue) {
    case 'store':
      break;
    case 'bias':
    case 'bias-relu':
    case 'bias-silu':
      out.push(...load(sum(P1, CO), colOff, w), ...v.add);
      if (s.epilogue === 'bias-relu') out.push(...v.const(0), ...v.max);
      if (s.epilogue === 'bias-silu') {
        // sig(z) = 1/(1 + e^(−z)), e^(−z) with −z clamped to expf's range (sig is 0 or 1 to float32 there)
        out.push(...op.tee(T), ...v.const(-1), ...v.mul, ...v.const(-87), ...v.max, ...v.const(88), ...v.min, ...op.set(Y));
        out.push(...v.const(1), ...v.const(1), ...expf(Y, KF, F), ...v.add, ...v.div, ...op.set(S));
        out.push(...store(aux(P2), off, w, S), ...op.get(T), ...op.get(S), ...v.mul);
      }
      break;
    case 'relu-grad':
      out.push(...load(aux(P1), off, w), ...v.const(0), ...v.gt, ...v.and);
      break;
    case 'silu-grad':
      // S + H(1 − S)
      out.push(...load(aux(P2), off, w), ...op.tee(S), ...load(aux(P1), off, w), ...v.const(1), ...op.get(S), ...v.sub, ...v.mul, ...v.add, ...v.mul);
      break;
  }
  out.push(...op.set(Y));
  return [...out, ...store(op.get(PC), off, w, Y)];
}

/** Every column block of one row band: 8-wide tiles in a loop, then a 4-wide and a narrower tail. */
function rowBand(s: GemmShape, R: number): Bytes {
  const out: Bytes = [...op.i32(0), ...op.set(CO)];
  const eights = Math.floor(s.N / 8);
  if (eights > 0) out.push(...op.i32(eights), ...op.set(COLS), ...op.loop, ...tile(s, R, [4, 4]), ...add(CO, 32), ...op.get(COLS), ...op.i32(1), ...op.i32Sub, ...op.tee(COLS), ...op.brIf(0), ...op.end);
  if (s.N % 8 >= 4) out.push(...tile(s, R, [4]), ...add(CO, 16));
  if (s.N % 4 > 0) out.push(...tile(s, R, [s.N % 4]));
  return [...out, ...add(RA, 4 * R * s.aRow), ...add(RC, 4 * R * s.ldc)];
}

/** `count` bands of R rows each. */
function rowLoop(s: GemmShape, R: number, count: number): Bytes {
  if (count === 0) return [];
  return [...op.i32(count), ...op.set(ROWS), ...op.loop, ...rowBand(s, R), ...op.get(ROWS), ...op.i32(1), ...op.i32Sub, ...op.tee(ROWS), ...op.brIf(0), ...op.end];
}

/** The function's body and locals for one shape. */
function gemmFunction(s: GemmShape) {
  const body: Bytes = [
    ...op.i32(0), ...op.set(RA), ...op.i32(0), ...op.set(RC),
    ...rowLoop(s, ROWS_PER_TILE, Math.floor(s.M / ROWS_PER_TILE)),
    ...rowLoop(s, 1, s.M % ROWS_PER_TILE),
  ];
  return { params: [I32, I32, I32, I32, I32], locals: [[I32_LOCALS, I32], [V128_LOCALS, V128]] as [number, number][], body, exportName: 'gemm' };
}

/** The GEMM of this shape on this backend's memory (compiled once per shape); null without WASM SIMD. */
export function gemmFor(backend: WasmBackendLike, s: GemmShape): GemmFn | null {
  const key = `gemm:${s.M},${s.N},${s.K},${s.aRow},${s.aCol},${s.ldb},${s.ldc},${s.epilogue}`;
  return cachedKernel(backend, key, (memory) => instantiate<GemmFn>(gemmFunction(s), memory));
}
