import { op, v, type Bytes } from './encode';

/**
 * e^y on four f32 lanes, for y in [−87, 88] (callers clamp): Cephes' expf, relative error ~1e-7
 * (as XNNPACK's). y = k ln 2 + f with k = round(y/ln 2), |f| ≤ ½ ln 2 (ln 2 split in a high part
 * exact in float32 and a low correction), e^f by its degree-7 Cephes polynomial, and 2^k built in
 * the exponent bits: (k + 127) << 23 is the float 2^k. k comes from the magic-bias trick (as in
 * XNNPACK): adding 1.5·2²³ + 127 to y/ln 2 rounds it to an integer, ties to even as
 * f32x4.nearest would, and leaves k + 127 in the low mantissa bits, which the shift moves into the
 * exponent (cheaper than nearest and a float-to-int conversion). Reads local `y`, uses locals `kf` and `f`
 * as scratch, and leaves e^y on the stack. `k` pushes a constant (default: inline v128.const;
 * a kernel that applies expf in a loop can keep its EXPF_CONSTANTS in locals instead, which V8
 * does not rematerialise on every use). With `fma` (relaxed SIMD: only in modules built where
 * relaxedSimdAvailable()) every multiply-add is fused: the range reduction f = y − k·ln2_hi − k·ln2_lo
 * and Horner's steps round once each instead of twice.
 */
export const EXPF_CONSTANTS = [Math.LOG2E, 0.693359375, -2.12194440e-4, 1.98756915e-4, 1.39819995e-3, 8.33345191e-3, 4.16657959e-2, 1.66666655e-1, 5.00000012e-1, 1, 1.5 * 2 ** 23 + 127];

export function expf(y: number, kf: number, f: number, k: (x: number) => Bytes = v.const, fma = false): Bytes {
  const [log2e, ln2Hi, ln2Lo, p0, p1, p2, p3, p4, p5, one, magic] = EXPF_CONSTANTS.map(k);
  /** a·b + c (a, b, c: code that pushes each). */
  const madd = (a: Bytes, b: Bytes, c: Bytes): Bytes => (fma ? [...a, ...b, ...c, ...v.madd] : [...a, ...b, ...v.mul, ...c, ...v.add]);
  /** c − a·b. */
  const nmadd = (a: Bytes, b: Bytes, c: Bytes): Bytes => (fma ? [...a, ...b, ...c, ...v.nmadd] : [...c, ...a, ...b, ...v.mul, ...v.sub]);
  const [Y, F] = [op.get(y), op.get(f)];
  let poly = madd(F, p0, p1);
  for (const p of [p2, p3, p4, p5]) poly = madd(poly, F, p);
  return [
    ...madd(Y, log2e, magic), ...op.set(kf),
    ...op.get(kf), ...magic, ...v.sub, ...op.set(f),
    ...nmadd(F, ln2Lo, nmadd(F, ln2Hi, Y)), ...op.set(f),
    // e^f ≈ 1 + f + f²·P(f)
    ...madd(poly, [...F, ...F, ...v.mul], F), ...one, ...v.add,
    ...op.get(kf), ...op.i32(23), ...v.i32x4Shl, ...v.mul,
  ];
}
