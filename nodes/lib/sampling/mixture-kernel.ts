import * as tf from '@tensorflow/tfjs';
import { I32, op, V128, v, type Bytes } from '../wasm/encode';
import { addressOf, cachedKernel, instantiate, registerWasmKernel, type WasmBackendLike } from '../wasm/backend';
import { expf } from '../wasm/expf';

/**
 * The mixture update of mixture.ts (mixtureAffine) for 2-D points as one WASM SIMD kernel on the
 * tfjs-wasm backend. Per point, with per-component constants (W0, W1, b, q, B0, B1, C)_k:
 *   ℓ_k = W0_k x₀ + W1_k x₁ + b_k + q_k |x|²,   e_k = exp(ℓ_k − max_j ℓ_j),   S = Σ e_k,
 *   out_j = (Σ_k e_k B_jk + x_j Σ_k e_k C_k)/S + c_z z_j,
 * i.e. r·B + x ⊙ (r·C) + c_z z with r = softmax(ℓ): what mixtureAffine computes with two matMuls, a
 * softmax and three element-wise ops, here in one pass over the points, four at a time in f32x4
 * lanes. exp is Cephes' expf (../wasm/expf.ts); y = ℓ − max ≤ 0 is clamped at −87 (e^−87 ≈
 * 1.6e−38, below float32's resolution next to the top term e⁰ = 1).
 *
 * Why: on tfjs-wasm each op costs tens of µs, and its softmax over rows of K = 8 is slow (~0.3 ms
 * for 4096 rows); the DDPM benchmark's update (4096 points, 8 components, noise) measured 0.68 ms
 * in tfjs ops and 0.17 ms as this kernel (best of 9, CPU time, on the loaded 2-core machine). Not
 * for other backends (they keep the tfjs ops), for d ≠ 2 or for more than MAX_COMPONENTS components.
 */

const KERNEL = 'DglMixtureAffine2D';
/** f32 numbers per component in the constants block, after a 4-number header [c_z, 0, 0, 0]. */
export const PER_COMPONENT = 7;
const HEADER = 4;

export interface MixtureKernelAttrs {
  /** [c_z, 0, 0, 0, (W0, W1, b, q, B0, B1, C)_k for k < K]. */
  constants: Float32Array;
  K: number;
}

/** Components up to this many are unrolled into one kernel (constants and logits in registers); more fall back to tfjs ops. */
export const MAX_COMPONENTS = 32;

// Locals: the parameters, the f32x4 working registers, then 7 constants and a logit per component.
const [X, Z, OUT, QUADS, PRM, HAS_Z] = [0, 1, 2, 3, 4, 5];
const [X0, X1, XX, M, S, P0, P1, CC, E, KF, F, CZ, A, Y] = Array.from({ length: 14 }, (_, i) => 6 + i);
const FIRST_FREE = 20;
/** Register of constant c (0 W0, 1 W1, 2 b, 3 q, 4 B0, 5 B1, 6 C) of component k, and of logit k. */
const constant = (k: number, c: number) => FIRST_FREE + PER_COMPONENT * k + c;

const EVEN: [number, number, number, number] = [0, 2, 4, 6];
const ODD: [number, number, number, number] = [1, 3, 5, 7];

const addTo = (i: number, offset: number): Bytes => [...op.get(i), ...op.i32(offset), ...op.i32Add, ...op.set(i)];
/** reg (+)= E·constant: the first component sets, the others add. */
const accumulate = (reg: number, k: number, c: number): Bytes => [...(k > 0 ? op.get(reg) : []), ...op.get(E), ...op.get(constant(k, c)), ...v.mul, ...(k > 0 ? v.add : []), ...op.set(reg)];
/** Load 4 interleaved 2-D points at the address in `ptr` into (lane0, lane1) registers. */
const deinterleave = (ptr: number, r0: number, r1: number): Bytes => [
  ...op.get(ptr), ...v.load(0), ...op.set(A),
  ...op.get(A), ...op.get(ptr), ...v.load(16), ...v.shuffle(EVEN), ...op.set(r0),
  ...op.get(A), ...op.get(ptr), ...v.load(16), ...v.shuffle(ODD), ...op.set(r1),
];

/** The kernel for K components (withQ: the |x|² term of unequal variances). */
function kernelBody(K: number, withQ: boolean): { body: Bytes; locals: number } {
  const comps = Array.from({ length: K }, (_, k) => k);
  const logit = (k: number) => FIRST_FREE + PER_COMPONENT * K + k;
  const body: Bytes = [
    ...op.get(PRM), ...v.load32Splat(0), ...op.set(CZ),
    ...comps.flatMap((k) => Array.from({ length: PER_COMPONENT }, (_, c) => [...op.get(PRM), ...v.load32Splat(4 * (HEADER + PER_COMPONENT * k + c)), ...op.set(constant(k, c))]).flat()),
    ...op.block, ...op.get(QUADS), ...op.i32Eqz, ...op.brIf(0),
    ...op.loop,
    ...deinterleave(X, X0, X1),
    ...(withQ ? [...op.get(X0), ...op.get(X0), ...v.mul, ...op.get(X1), ...op.get(X1), ...v.mul, ...v.add, ...op.set(XX)] : []),
    // The logits and their max.
    ...comps.flatMap((k) => [
      ...op.get(X0), ...op.get(constant(k, 0)), ...v.mul,
      ...op.get(X1), ...op.get(constant(k, 1)), ...v.mul, ...v.add,
      ...op.get(constant(k, 2)), ...v.add,
      ...(withQ ? [...op.get(XX), ...op.get(constant(k, 3)), ...v.mul, ...v.add] : []),
      ...op.tee(logit(k)),
      ...(k > 0 ? [...op.get(M), ...v.max] : []),
      ...op.set(M),
    ]),
    // e_k = exp(max(ℓ_k − max, −87)) and the sums.
    ...comps.flatMap((k) => [
      ...op.get(logit(k)), ...op.get(M), ...v.sub, ...v.const(-87), ...v.max, ...op.set(Y),
      ...expf(Y, KF, F), ...op.set(E),
      ...(k > 0 ? [...op.get(S), ...op.get(E), ...v.add] : op.get(E)), ...op.set(S),
      ...accumulate(P0, k, 4),
      ...accumulate(P1, k, 5),
      ...accumulate(CC, k, 6),
    ]),
    // Y, F ← (P + x·CC)/S per coordinate, then + c_z z.
    ...op.get(P0), ...op.get(X0), ...op.get(CC), ...v.mul, ...v.add, ...op.get(S), ...v.div, ...op.set(Y),
    ...op.get(P1), ...op.get(X1), ...op.get(CC), ...v.mul, ...v.add, ...op.get(S), ...v.div, ...op.set(F),
    ...op.block, ...op.get(HAS_Z), ...op.i32Eqz, ...op.brIf(0),
    ...deinterleave(Z, X0, X1),
    ...op.get(Y), ...op.get(X0), ...op.get(CZ), ...v.mul, ...v.add, ...op.set(Y),
    ...op.get(F), ...op.get(X1), ...op.get(CZ), ...v.mul, ...v.add, ...op.set(F),
    ...addTo(Z, 32),
    ...op.end,
    ...op.get(OUT), ...op.get(Y), ...op.get(F), ...v.shuffle([0, 4, 1, 5]), ...v.store(0),
    ...op.get(OUT), ...op.get(Y), ...op.get(F), ...v.shuffle([2, 6, 3, 7]), ...v.store(16),
    ...addTo(X, 32),
    ...addTo(OUT, 32),
    ...op.get(QUADS), ...op.i32(1), ...op.i32Sub, ...op.tee(QUADS), ...op.brIf(0),
    ...op.end,
    ...op.end,
  ];
  return { body, locals: FIRST_FREE - 6 + (PER_COMPONENT + 1) * K };
}

type KernelFn = (x: number, z: number, out: number, quads: number, prm: number, hasZ: number) => void;

/** The kernel for (K, withQ) against this backend's memory; null when WASM SIMD or the memory is not reachable. */
function kernelFor(backend: WasmBackendLike, K: number, withQ: boolean): KernelFn | null {
  return cachedKernel(backend, `mixture:${K},${withQ}`, (memory) => {
    const { body, locals } = kernelBody(K, withQ);
    return instantiate<KernelFn>({ params: [I32, I32, I32, I32, I32, I32], locals: [[locals, V128]], body, exportName: 'run' }, memory);
  });
}

function kernelFunc({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const be = backend as WasmBackendLike;
  const { constants, K } = attrs as unknown as MixtureKernelAttrs;
  const run = kernelFor(be, K, hasQ(constants, K))!;
  const { x, z } = inputs as { x: tf.TensorInfo; z?: tf.TensorInfo };
  const n = x.shape[0];
  const out = be.makeOutput([n, 2], 'float32');
  // One block: the constants, then a 4-point tail for x, z and out (n not a multiple of 4).
  const tailAt = constants.length * 4;
  const block = be.wasm._malloc(tailAt + 3 * 32);
  try {
    const heap = be.wasm.HEAPF32; // after every allocation: the heap may have grown
    heap.set(constants, block / 4);
    const at = (t: tf.TensorInfo) => addressOf(be, t);
    const [xp, zp, op_] = [at(x), z ? at(z) : 0, at(out)];
    const quads = n >> 2;
    run(xp, zp, op_, quads, block, z ? 1 : 0);
    const rest = n - 4 * quads;
    if (rest > 0) {
      const [tx, tz, to] = [block + tailAt, block + tailAt + 32, block + tailAt + 64].map((p) => p / 4);
      heap.fill(0, tx, tx + 24);
      heap.copyWithin(tx, xp / 4 + 8 * quads, xp / 4 + 2 * n);
      if (z) heap.copyWithin(tz, zp / 4 + 8 * quads, zp / 4 + 2 * n);
      run(4 * tx, 4 * tz, 4 * to, 1, block, z ? 1 : 0);
      heap.copyWithin(op_ / 4 + 8 * quads, to, to + 2 * rest);
    }
  } finally {
    be.wasm._free(block);
  }
  return out;
}

/** Whether any component has a |x|² term (unequal variances). */
function hasQ(constants: Float32Array, K: number): boolean {
  for (let k = 0; k < K; k++) if (constants[HEADER + PER_COMPONENT * k + 3] !== 0) return true;
  return false;
}

/**
 * r·B + x ⊙ (r·C) + c_z z for x [n, 2] (z optional, [n, 2]) as one kernel, or null where it cannot run:
 * another backend than tfjs-wasm, no WASM SIMD, or more than MAX_COMPONENTS components.
 */
export function mixtureKernel(x: tf.Tensor2D, z: tf.Tensor2D | null, attrs: MixtureKernelAttrs): tf.Tensor2D | null {
  if (tf.getBackend() !== 'wasm' || attrs.K > MAX_COMPONENTS || x.shape[1] !== 2) return null;
  if (!kernelFor(tf.backend() as unknown as WasmBackendLike, attrs.K, hasQ(attrs.constants, attrs.K))) return null;
  registerWasmKernel(KERNEL, kernelFunc);
  return tf.engine().runKernel(KERNEL, z ? { x, z } : { x }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}
