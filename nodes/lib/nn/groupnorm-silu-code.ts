import { I32, op, V128, v, type Bytes, type FunctionSpec } from '../wasm/encode';
import { expf, EXPF_CONSTANTS } from '../wasm/expf';

/**
 * The WASM SIMD loops of the fused GroupNorm + activation (groupnorm-silu-kernel.ts), each over the
 * `count` pixels of one example [count, C] (C a multiple of 4, a constant of the generated code: the
 * C/4 vectors of a pixel are unrolled, every per-channel array sits at a constant offset). Per
 * (example, channel) coefficient arrays are C floats each, laid one after another.
 *
 *   stats   Σ_p x, Σ_p x² in float64           added into acc [2C doubles]
 *   apply   z = (x − μ)·A + β,  y = act(z)      coef [μ, A, β]
 *   dz      z as above, dz = dy·act'(z),        coef [μ, A, β]; dz stored (silu), Σ_p dz and Σ_p dz·(x − μ) added into acc [2C]
 *   dx      dx = dz·P + (x − μ)·Q + R           coef [μ, P, Q, R] (dx may be dz itself: read before written)
 *
 * The statistics are summed in float64 (each f32x4 of x promoted to two f64x2) so that the variance
 * E[x²] − μ² loses nothing to cancellation; the maps use x − μ, not x·A + (β − μA), for the same reason
 * (a float32 x·A + B loses ~|μ|/σ ulps where the mean is large against the spread).
 * act is SiLU, z·σ(z), σ(z) = 1/(1 + e^(−z)) (e^(−z) by expf.ts with −z clamped to [−87, 88], where σ
 * is 0 or 1 to float32: as the GEMM's bias-silu epilogue), or the identity ('none').
 *   SiLU'(z) = σ(z)·(1 + z·(1 − σ(z))).
 */
export type Act = 'silu' | 'none';

/** v128 scratch and the constants (expf's, then −87, 88), after the i32 parameters and locals. */
const CONSTANTS = [...EXPF_CONSTANTS, -87, 88];

interface Layout {
  params: number;
  /** First v128 local: T, Z, S, Y, KF, F, then the constants. */
  base: number;
}

const at = (l: Layout) => {
  const [T, Z, S, Y, KF, F] = [0, 1, 2, 3, 4, 5].map((i) => l.base + i);
  const CONST = l.base + 6;
  const k = (x: number): Bytes => op.get(CONST + CONSTANTS.indexOf(x));
  return { T, Z, S, Y, KF, F, k, init: CONSTANTS.flatMap((x, i) => [...v.const(x), ...op.set(CONST + i)]) };
};

/** σ(z) of local Z into local S (e^(−z) with fused multiply-adds where `fma`). */
function sigmoid(l: Layout, fma: boolean): Bytes {
  const { Z, S, Y, KF, F, k } = at(l);
  return [
    ...op.get(Z), ...v.neg, ...k(-87), ...v.pmax, ...k(88), ...v.pmin, ...op.set(Y),
    ...k(1), ...k(1), ...expf(Y, KF, F, k, fma), ...v.add, ...v.div, ...op.set(S),
  ];
}

/** Add `bytes` to i32 local `local`. */
const bump = (local: number, bytes: number): Bytes => [...op.get(local), ...op.i32(bytes), ...op.i32Add, ...op.set(local)];

/** A loop over the pixels: `body` for one pixel, then every pointer in `pointers` moves by 4C bytes. */
function pixelLoop(count: number, pointers: number[], C: number, body: Bytes): Bytes {
  return [
    ...op.block, ...op.get(count), ...op.i32Eqz, ...op.brIf(0),
    ...op.loop, ...body, ...pointers.flatMap((p) => bump(p, 4 * C)),
    ...op.get(count), ...op.i32(1), ...op.i32Sub, ...op.tee(count), ...op.brIf(0), ...op.end,
    ...op.end,
  ];
}

/** acc[off] += (value on the stack) at byte offset off of pointer `acc`; `tmp` a v128 local. */
const accumulate = (acc: number, off: number, tmp: number): Bytes => [...op.set(tmp), ...op.get(acc), ...op.get(acc), ...v.load(off), ...op.get(tmp), ...v.add, ...v.store(off)];

const vectors = (C: number) => Array.from({ length: C / 4 }, (_, j) => 16 * j);

function spec(params: number, body: (l: Layout) => Bytes, name: string): FunctionSpec {
  const l: Layout = { params, base: params };
  return { params: Array<number>(params).fill(I32), locals: [[6 + CONSTANTS.length, V128]], body: [...at(l).init, ...body(l)], exportName: name };
}

/** acc[off…off+16) += the two f64 lanes on the stack (f64x2). */
const accumulate64 = (acc: number, off: number, tmp: number): Bytes => [...op.set(tmp), ...op.get(acc), ...op.get(acc), ...v.load(off), ...op.get(tmp), ...v.f64x2Add, ...v.store(off)];

/** stats(x, acc, count): acc holds Σx [C doubles] then Σx² [C doubles]. */
export function statsCode(C: number): FunctionSpec {
  const [X, ACC, COUNT] = [0, 1, 2];
  return spec(3, (l) => {
    const { T, Y, Z } = at(l);
    const halves: Bytes[] = [
      [...op.get(T), ...v.f64x2PromoteLow],
      [...op.get(T), ...op.get(T), ...v.shuffle([2, 3, 2, 3]), ...v.f64x2PromoteLow],
    ];
    const body = vectors(C).flatMap((o) => [
      ...op.get(X), ...v.load(o), ...op.set(T),
      ...halves.flatMap((half, h) => [
        ...half, ...op.tee(Z), ...accumulate64(ACC, 2 * o + 16 * h, Y),
        ...op.get(Z), ...op.get(Z), ...v.f64x2Mul, ...accumulate64(ACC, 8 * C + 2 * o + 16 * h, Y),
      ]),
    ]);
    return pixelLoop(COUNT, [X], C, body);
  }, 'stats');
}

/** z = (x − μ)·A + β of the vector at byte offset o into local Z (pointers X, COEF → [μ, A, β]; one FMA where `fma`). */
const affine = (l: Layout, X: number, COEF: number, C: number, o: number, fma: boolean): Bytes => [
  ...op.get(X), ...v.load(o), ...op.get(COEF), ...v.load(o), ...v.sub, ...op.get(COEF), ...v.load(4 * C + o),
  ...(fma ? [...op.get(COEF), ...v.load(8 * C + o), ...v.madd] : [...v.mul, ...op.get(COEF), ...v.load(8 * C + o), ...v.add]),
  ...op.set(at(l).Z),
];

/** apply(x, y, coef, count). */
export function applyCode(C: number, act: Act, fma = false): FunctionSpec {
  const [X, Yp, COEF, COUNT] = [0, 1, 2, 3];
  return spec(4, (l) => {
    const { Z, S, T } = at(l);
    const body = vectors(C).flatMap((o) => [
      ...affine(l, X, COEF, C, o, fma),
      ...(act === 'silu' ? [...sigmoid(l, fma), ...op.get(Z), ...op.get(S), ...v.mul] : op.get(Z)),
      ...op.set(T), ...op.get(Yp), ...op.get(T), ...v.store(o),
    ]);
    return pixelLoop(COUNT, [X, Yp], C, body);
  }, 'apply');
}

/** dz(x, dy, dz, coef, acc, count). */
export function dzCode(C: number, act: Act, fma = false): FunctionSpec {
  const [X, DY, DZ, COEF, ACC, COUNT] = [0, 1, 2, 3, 4, 5];
  return spec(6, (l) => {
    const { Z, S, T, Y, k } = at(l);
    const body = vectors(C).flatMap((o) => [
      ...(act === 'silu'
        ? [
            ...affine(l, X, COEF, C, o, fma), ...sigmoid(l, fma),
            // dy·σ·(1 + z(1 − σ))
            ...op.get(DY), ...v.load(o), ...op.get(S), ...v.mul,
            ...k(1), ...op.get(Z), ...k(1), ...op.get(S), ...v.sub, ...v.mul, ...v.add, ...v.mul, ...op.set(T),
            ...op.get(DZ), ...op.get(T), ...v.store(o),
          ]
        : [...op.get(DY), ...v.load(o), ...op.set(T)]),
      ...op.get(T), ...accumulate(ACC, o, Y),
      ...op.get(T), ...op.get(X), ...v.load(o), ...op.get(COEF), ...v.load(o), ...v.sub, ...v.mul, ...accumulate(ACC, 4 * C + o, Y),
    ]);
    return pixelLoop(COUNT, act === 'silu' ? [X, DY, DZ] : [X, DY], C, body);
  }, 'dz');
}

/** dx(dz, x, dx, coef, count), coef [μ, P, Q, R]. */
export function dxCode(C: number): FunctionSpec {
  const [DZ, X, DX, COEF, COUNT] = [0, 1, 2, 3, 4];
  return spec(5, (l) => {
    const { T } = at(l);
    const body = vectors(C).flatMap((o) => [
      ...op.get(DZ), ...v.load(o), ...op.get(COEF), ...v.load(4 * C + o), ...v.mul,
      ...op.get(X), ...v.load(o), ...op.get(COEF), ...v.load(o), ...v.sub, ...op.get(COEF), ...v.load(8 * C + o), ...v.mul, ...v.add,
      ...op.get(COEF), ...v.load(12 * C + o), ...v.add, ...op.set(T),
      ...op.get(DX), ...op.get(T), ...v.store(o),
    ]);
    return pixelLoop(COUNT, [DZ, X, DX], C, body);
  }, 'dx');
}
