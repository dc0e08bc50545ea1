import { op, v, type Bytes } from './encode';

/**
 * e^y on four f32 lanes, for y in [−87, 88] (callers clamp): Cephes' expf, relative error ~1e-7
 * (as XNNPACK's). y = k ln 2 + f with k = round(y/ln 2), |f| ≤ ½ ln 2 (ln 2 split in a high part
 * exact in float32 and a low correction), e^f by its degree-7 Cephes polynomial, and 2^k built in
 * the exponent bits: (k + 127) << 23 is the float 2^k. Reads local `y`, uses locals `kf` and `f`
 * as scratch, and leaves e^y on the stack.
 */
export function expf(y: number, kf: number, f: number): Bytes {
  return [
    ...op.get(y), ...v.const(Math.LOG2E), ...v.mul, ...v.nearest, ...op.set(kf),
    ...op.get(y), ...op.get(kf), ...v.const(0.693359375), ...v.mul, ...v.sub, ...op.get(kf), ...v.const(-2.12194440e-4), ...v.mul, ...v.sub, ...op.set(f),
    ...op.get(f), ...v.const(1.98756915e-4), ...v.mul, ...v.const(1.39819995e-3), ...v.add,
    ...op.get(f), ...v.mul, ...v.const(8.33345191e-3), ...v.add,
    ...op.get(f), ...v.mul, ...v.const(4.16657959e-2), ...v.add,
    ...op.get(f), ...v.mul, ...v.const(1.66666655e-1), ...v.add,
    ...op.get(f), ...v.mul, ...v.const(5.00000012e-1), ...v.add,
    ...op.get(f), ...op.get(f), ...v.mul, ...v.mul, ...op.get(f), ...v.add, ...v.const(1), ...v.add,
    ...op.get(kf), ...v.i32x4TruncSatF32x4S, ...op.i32(127), ...v.i32x4Splat, ...v.i32x4Add, ...op.i32(23), ...v.i32x4Shl, ...v.mul,
  ];
}
