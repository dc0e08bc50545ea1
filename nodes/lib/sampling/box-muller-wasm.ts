import { BLOCK, COS_P, HALF_PI, LN2_HI, LN2_LO, LOG_P, SIN_P, SQRT_HALF, TWO_POW_M32 } from './box-muller';
import { I32, moduleBytes, op, V128, v, type Bytes } from '../wasm/encode';

/**
 * box-muller.ts in WebAssembly SIMD: the four lanes of the specification are the four f32x4 lanes,
 * the operations the same and in the same order, so the bits are the same. It runs in its own
 * memory, on every tfjs backend (the numbers are uploaded like any other array): 8192 numbers in
 * ~30 µs against ~600 µs for the JavaScript model, which remains the fallback where WASM SIMD is
 * missing.
 */

const [OUT, BLOCKS, ST] = [0, 1, 2];
const [S0, S1, S2, S3, W1, W2, T, U, X, E, Z, Y, R, Q, NF, PHI, SN, CS, N, M, A] = Array.from({ length: 21 }, (_, i) => 3 + i);

const rotl = (reg: number, r: number): Bytes => [...op.get(reg), ...op.i32(r), ...v.i32x4Shl, ...op.get(reg), ...op.i32(32 - r), ...v.i32x4ShrU, ...v.or];
const xorInto = (a: number, b: number): Bytes => [...op.get(a), ...op.get(b), ...v.xor, ...op.set(a)];

/** One xoshiro128** step of every lane, its word into `w`. */
const nextWord = (w: number): Bytes => [
  ...op.get(S1), ...v.constI32(5), ...v.i32x4Mul, ...op.set(T),
  ...rotl(T, 7), ...v.constI32(9), ...v.i32x4Mul, ...op.set(w),
  ...op.get(S1), ...op.i32(9), ...v.i32x4Shl, ...op.set(T),
  ...xorInto(S2, S0), ...xorInto(S3, S1), ...xorInto(S1, S2), ...xorInto(S0, S3), ...xorInto(S2, T),
  ...rotl(S3, 11), ...op.set(S3),
];

/** Horner's rule on the value in `x`, leaving the polynomial on the stack. */
const horner = (c: readonly number[], x: number): Bytes => [...v.const(c[0]), ...c.slice(1).flatMap((ci) => [...op.get(x), ...v.mul, ...v.const(ci), ...v.add])];

/** R = √(−2 ln U) (logf of box-muller.ts). */
const radius: Bytes = [
  ...op.get(U), ...op.i32(23), ...v.i32x4ShrS, ...v.constI32(126), ...v.i32x4Sub, ...op.set(E),
  ...op.get(U), ...v.constI32(0x807fffff | 0), ...v.and, ...v.constI32(0x3f000000), ...v.or, ...op.set(X),
  ...op.get(X), ...v.const(SQRT_HALF), ...v.lt, ...op.set(M),
  ...op.get(E), ...op.get(M), ...v.i32x4Add, ...v.convertI32x4S, ...op.set(E),
  ...op.get(X), ...op.get(X), ...op.get(M), ...v.and, ...v.add, ...v.const(1), ...v.sub, ...op.set(X),
  ...op.get(X), ...op.get(X), ...v.mul, ...op.set(Z),
  ...horner(LOG_P, X), ...op.get(X), ...v.mul, ...op.get(Z), ...v.mul,
  ...op.get(E), ...v.const(LN2_LO), ...v.mul, ...v.add,
  ...op.get(Z), ...v.const(-0.5), ...v.mul, ...v.add, ...op.set(Y),
  ...op.get(X), ...op.get(Y), ...v.add, ...op.get(E), ...v.const(LN2_HI), ...v.mul, ...v.add,
  ...v.const(-2), ...v.mul, ...v.sqrt, ...op.set(R),
];

/** SN, CS = sin, cos of φ = (4Q − n)·π/2 and N = n, with Q = u₂. */
const angle: Bytes = [
  ...op.get(Q), ...v.const(4), ...v.mul, ...op.set(Q),
  ...op.get(Q), ...v.nearest, ...op.set(NF),
  ...op.get(Q), ...op.get(NF), ...v.sub, ...v.const(HALF_PI), ...v.mul, ...op.set(PHI),
  ...op.get(PHI), ...op.get(PHI), ...v.mul, ...op.set(Z),
  ...horner(SIN_P, Z), ...op.get(Z), ...v.mul, ...op.get(PHI), ...v.mul, ...op.get(PHI), ...v.add, ...op.set(SN),
  ...horner(COS_P, Z), ...op.get(Z), ...v.mul, ...op.get(Z), ...v.mul, ...op.get(Z), ...v.const(-0.5), ...v.mul, ...v.add, ...v.const(1), ...v.add, ...op.set(CS),
  ...op.get(NF), ...v.i32x4TruncSatF32x4S, ...op.set(N),
];

/** Store R·(value ^ sign) at OUT + offset; the sign bit is bit 1 of (N + add), moved to bit 31. */
const storeRotated = (value: number, add: number, offset: number): Bytes => [
  ...op.get(OUT), ...op.get(R), ...op.get(value),
  ...op.get(N), ...v.constI32(add), ...v.i32x4Add, ...v.constI32(2), ...v.and, ...op.i32(30), ...v.i32x4Shl, ...v.xor,
  ...v.mul, ...v.store(offset),
];

const body: Bytes = [
  ...[S0, S1, S2, S3].flatMap((reg, i) => [...op.get(ST), ...v.load(16 * i), ...op.set(reg)]),
  ...op.block, ...op.get(BLOCKS), ...op.i32Eqz, ...op.brIf(0),
  ...op.loop,
  ...nextWord(W1), ...nextWord(W2),
  ...op.get(W1), ...v.convertI32x4U, ...v.const(0.5), ...v.add, ...v.const(TWO_POW_M32), ...v.mul, ...op.set(U),
  ...op.get(W2), ...v.convertI32x4U, ...v.const(TWO_POW_M32), ...v.mul, ...op.set(Q),
  ...radius,
  ...angle,
  // Odd n swaps (cos φ, sin φ); cos θ is negative for n ∈ {1, 2}, sin θ for n ∈ {2, 3}.
  ...v.constI32(0), ...op.get(N), ...v.constI32(1), ...v.and, ...v.i32x4Sub, ...op.set(M),
  ...op.get(SN), ...op.get(CS), ...op.get(M), ...v.bitselect, ...op.set(A),
  ...op.get(CS), ...op.get(SN), ...op.get(M), ...v.bitselect, ...op.set(SN),
  ...storeRotated(A, 1, 0),
  ...storeRotated(SN, 0, 16),
  ...op.get(OUT), ...op.i32(4 * BLOCK), ...op.i32Add, ...op.set(OUT),
  ...op.get(BLOCKS), ...op.i32(1), ...op.i32Sub, ...op.tee(BLOCKS), ...op.brIf(0),
  ...op.end,
  ...op.end,
  ...[S0, S1, S2, S3].flatMap((reg, i) => [...op.get(ST), ...op.get(reg), ...v.store(16 * i)]),
];

interface Engine {
  memory: WebAssembly.Memory;
  run: (out: number, blocks: number, state: number) => void;
}

let engine: Engine | null | undefined;

function getEngine(): Engine | null {
  if (engine !== undefined) return engine;
  engine = null;
  try {
    const bytes = moduleBytes({ params: [I32, I32, I32], locals: [[21, V128]], body, exportName: 'run' }, { shared: false, maxPages: 65536 });
    if (WebAssembly.validate(bytes)) {
      const memory = new WebAssembly.Memory({ initial: 1 });
      const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
      engine = { memory, run: instance.exports.run as Engine['run'] };
    }
  } catch {
    engine = null;
  }
  return engine;
}

const STATE_BYTES = 64;

/** boxMullerJs(out, blocks, st) in SIMD; false (nothing done) where WASM SIMD is unavailable. */
export function boxMullerWasm(out: Float32Array, blocks: number, st: Int32Array): boolean {
  const e = getEngine();
  if (!e) return false;
  const need = STATE_BYTES + blocks * BLOCK * 4;
  const have = e.memory.buffer.byteLength;
  if (need > have) e.memory.grow(Math.ceil((need - have) / 65536));
  const words = new Int32Array(e.memory.buffer, 0, 16);
  words.set(st);
  e.run(STATE_BYTES, blocks, 0);
  st.set(words);
  out.set(new Float32Array(e.memory.buffer, STATE_BYTES, blocks * BLOCK));
  return true;
}
