/**
 * A minimal WebAssembly binary encoder: just what the hand-written SIMD kernels in this folder
 * need (one function importing the tfjs-wasm backend's memory). Opcodes from the WebAssembly core
 * specification 2.0, §5.4 (instructions) and the fixed-width SIMD proposal.
 */

export type Bytes = number[];

/** Unsigned LEB128. */
export function uleb(n: number): Bytes {
  const out: Bytes = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(n: number): Bytes {
  const out: Bytes = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
}

const name = (s: string): Bytes => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const vec = (items: Bytes[]): Bytes => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: Bytes): Bytes => [id, ...uleb(body.length), ...body];

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

/** Plain instructions: control, locals, i32. */
export const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32: (v: number) => [0x41, ...sleb(v)],
  i32Eqz: [0x45],
  i32Add: [0x6a],
  i32Sub: [0x6b],
};

const simd = (code: number, ...imm: number[]): Bytes => [0xfd, ...uleb(code), ...imm];
/** memarg: alignment exponent and byte offset. */
const memarg = (align: number, offset: number) => [...uleb(align), ...uleb(offset)];

/** SIMD instructions on v128 = 4 × f32 (and the i32x4 ones that build 2^k). */
export const v = {
  load: (offset = 0) => simd(0x00, ...memarg(4, offset)),
  /** Load one f32 and splat it to 4 lanes. */
  load32Splat: (offset = 0) => simd(0x09, ...memarg(2, offset)),
  store: (offset = 0) => simd(0x0b, ...memarg(4, offset)),
  /** Load 1 or 2 f32 into the low lanes, the others zero. */
  load32Zero: (offset = 0) => simd(0x5c, ...memarg(2, offset)),
  load64Zero: (offset = 0) => simd(0x5d, ...memarg(3, offset)),
  /** Replace one f32 lane from memory ([addr, v128] → v128). */
  load32Lane: (lane: number, offset = 0) => simd(0x56, ...memarg(2, offset), lane),
  /** Store one f32 lane, or the pair of lanes 2·lane, 2·lane + 1 ([addr, v128] → []). */
  store32Lane: (lane: number, offset = 0) => simd(0x5a, ...memarg(2, offset), lane),
  store64Lane: (lane: number, offset = 0) => simd(0x5b, ...memarg(3, offset), lane),
  /** Four copies of an i32 constant. */
  constI32: (x: number) => simd(0x0c, ...Array.from({ length: 4 }, () => Array.from(new Uint8Array(Int32Array.of(x).buffer))).flat()),
  /** Four copies of an f32 constant. */
  const: (x: number) => simd(0x0c, ...Array.from({ length: 4 }, () => Array.from(new Uint8Array(Float32Array.of(x).buffer))).flat()),
  /** i8x16.shuffle picking f32 lanes (0–3 from the first operand, 4–7 from the second). */
  shuffle: (lanes: [number, number, number, number]) => simd(0x0d, ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3])),
  nearest: simd(0x6a),
  and: simd(0x4e),
  or: simd(0x50),
  xor: simd(0x51),
  /** bitselect(a, b, mask) = (a & mask) | (b & ~mask). */
  bitselect: simd(0x52),
  lt: simd(0x43),
  gt: simd(0x44),
  i32x4Shl: simd(0xab),
  i32x4ShrS: simd(0xac),
  i32x4ShrU: simd(0xad),
  i32x4Add: simd(0xae),
  i32x4Sub: simd(0xb1),
  i32x4Mul: simd(0xb5),
  i32x4Splat: simd(0x11),
  i32x4TruncSatF32x4S: simd(0xf8),
  convertI32x4S: simd(0xfa),
  convertI32x4U: simd(0xfb),
  neg: simd(0xe1),
  sqrt: simd(0xe3),
  add: simd(0xe4),
  sub: simd(0xe5),
  mul: simd(0xe6),
  div: simd(0xe7),
  min: simd(0xe8),
  max: simd(0xe9),
  /** Pseudo-min/max: b < a ? b : a and a < b ? b : a (one minps/maxps on x64; min/max need NaN-exact sequences). */
  pmin: simd(0xea),
  pmax: simd(0xeb),
  /** f64x2 from the two low f32 lanes, and f64x2 arithmetic (float64 sums of float32 data). */
  f64x2PromoteLow: simd(0x5f),
  f64x2Add: simd(0xf0),
  f64x2Mul: simd(0xf2),
  /**
   * Relaxed SIMD's f32x4.relaxed_madd: [a, b, c] → a·b + c, one FMA where the CPU has one (V8 on
   * x64 with FMA3: vfmadd, rounded once), else a multiply and an add. Only in modules built where
   * relaxedSimdAvailable() (backend.ts).
   */
  madd: simd(0x105),
  /** f32x4.relaxed_nmadd: [a, b, c] → −(a·b) + c, fused as madd. */
  nmadd: simd(0x106),
};

export interface FunctionSpec {
  /** Parameter types of the exported function (it returns nothing). */
  params: number[];
  /** Extra locals, grouped by type: [count, type]. */
  locals: [number, number][];
  body: Bytes;
  exportName: string;
}

/**
 * A module that imports env.memory (shared when the backend's memory is: the threaded build) and
 * exports one function.
 */
export function moduleBytes(fn: FunctionSpec, memory: { shared: boolean; maxPages: number }): Uint8Array<ArrayBuffer> {
  const memType = memory.shared ? [0x03, ...uleb(1), ...uleb(memory.maxPages)] : [0x00, ...uleb(1)];
  const body = [...vec(fn.locals.map(([n, t]) => [...uleb(n), t])), ...fn.body, ...op.end];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([[0x60, ...vec(fn.params.map((t) => [t])), ...vec([])]])),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, ...memType]])),
    ...section(3, vec([uleb(0)])),
    ...section(7, vec([[...name(fn.exportName), 0x00, ...uleb(0)]])),
    ...section(10, vec([[...uleb(body.length), ...body]])),
  ]);
}
