import * as tf from '@tensorflow/tfjs';
import { addressOf, cachedKernel, instantiate, registerWasmKernel, wasmBackend, type WasmBackendLike } from '../wasm/backend';
import { I32, op, V128, v, type Bytes } from '../wasm/encode';
import { loadLanes, storeLanes } from '../wasm/lanes';

/**
 * One Adam step (adam.ts) and the weight average as a single WASM SIMD pass over the parameters,
 * the same float32 operations in the same order as adam.ts's tfjs ops (so the same bits):
 *   m' = m·β₁ + g·(1−β₁),  v' = v·β₂ + g²·(1−β₂),  θ' = θ − m'/(√v' + ε̂)·α_t,  θ̄' = θ̄·δ + θ'·(1−δ).
 * 12–15 tfjs ops over ~36k numbers cost ~0.7 ms a step on tfjs-wasm; this pass ~0.05 ms. The
 * results are new tensors (the caller assigns them): θ's data may be shared with the model it
 * was copied from, so nothing is written in place.
 */
const KERNEL = 'DglAdamStep';

export interface AdamKernelAttrs {
  /** [β₁, 1−β₁, β₂, 1−β₂, α_t, ε̂, δ, 1−δ] */
  constants: Float32Array;
}

// Parameters: inputs θ, m, v, g, θ̄; outputs θ', m', v', θ̄'; number of quads; constants.
const [TH, M, V, G, E, TH2, M2, V2, E2, QUADS, PRM] = Array.from({ length: 11 }, (_, i) => i);
const OFF = 11;
const [B1, C1, B2, C2, LR, EPS, D, CD, GR, MR, VR, TR, ER, SCRATCH] = Array.from({ length: 14 }, (_, i) => 12 + i);

type KernelFn = (...args: number[]) => void;

/** The update of `w` floats at byte offset OFF (+ off) of every array. */
function update(w: number, off: number, withAverage: boolean): Bytes {
  const at = (p: number) => [...op.get(p), ...op.get(OFF), ...op.i32Add];
  const load = (p: number) => loadLanes(at(p), off, w, SCRATCH);
  return [
    ...load(G), ...op.set(GR),
    ...load(M), ...op.get(B1), ...v.mul, ...op.get(GR), ...op.get(C1), ...v.mul, ...v.add, ...op.set(MR),
    ...load(V), ...op.get(B2), ...v.mul, ...op.get(GR), ...op.get(GR), ...v.mul, ...op.get(C2), ...v.mul, ...v.add, ...op.set(VR),
    ...load(TH), ...op.get(MR), ...op.get(VR), ...v.sqrt, ...op.get(EPS), ...v.add, ...v.div, ...op.get(LR), ...v.mul, ...v.sub, ...op.set(TR),
    ...storeLanes(at(M2), off, w, MR), ...storeLanes(at(V2), off, w, VR), ...storeLanes(at(TH2), off, w, TR),
    ...(withAverage ? [...load(E), ...op.get(D), ...v.mul, ...op.get(TR), ...op.get(CD), ...v.mul, ...v.add, ...op.set(ER), ...storeLanes(at(E2), off, w, ER)] : []),
  ];
}

/** Quads in a loop, then a tail of `tail` < 4 floats. */
function kernelBody(tail: number, withAverage: boolean): Bytes {
  return [
    ...[B1, C1, B2, C2, LR, EPS, D, CD].flatMap((reg, i) => [...op.get(PRM), ...v.load32Splat(4 * i), ...op.set(reg)]),
    ...op.block, ...op.get(QUADS), ...op.i32Eqz, ...op.brIf(0),
    ...op.loop, ...update(4, 0, withAverage), ...op.get(OFF), ...op.i32(16), ...op.i32Add, ...op.set(OFF),
    ...op.get(QUADS), ...op.i32(1), ...op.i32Sub, ...op.tee(QUADS), ...op.brIf(0), ...op.end,
    ...op.end,
    ...(tail > 0 ? update(tail, 0, withAverage) : []),
  ];
}

function kernelFor(be: WasmBackendLike, tail: number, withAverage: boolean): KernelFn | null {
  return cachedKernel(be, `adam:${tail},${withAverage}`, (memory) =>
    instantiate<KernelFn>({ params: Array<number>(11).fill(I32), locals: [[1, I32], [SCRATCH - 11, V128]], body: kernelBody(tail, withAverage), exportName: 'run' }, memory),
  );
}

function kernelFunc({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo[] {
  const be = backend as WasmBackendLike;
  const { constants } = attrs as unknown as AdamKernelAttrs;
  const { theta, m, v: vIn, g, average } = inputs as Record<'theta' | 'm' | 'v' | 'g', tf.TensorInfo> & { average?: tf.TensorInfo };
  const n = theta.shape.reduce((a, b) => a * b, 1);
  const outs = [theta, m, vIn, ...(average ? [average] : [])].map((t) => be.makeOutput(t.shape, 'float32'));
  const block = be.wasm._malloc(4 * constants.length);
  try {
    be.wasm.HEAPF32.set(constants, block / 4);
    const at = (t?: tf.TensorInfo) => (t ? addressOf(be, t) : 0);
    kernelFor(be, n % 4, !!average)!(at(theta), at(m), at(vIn), at(g), at(average), at(outs[0]), at(outs[1]), at(outs[2]), at(outs[3]), n >> 2, block);
  } finally {
    be.wasm._free(block);
  }
  return outs;
}

/** Whether the fused step can run: the tfjs-wasm backend with WASM SIMD. */
export function adamKernelAvailable(): boolean {
  const be = wasmBackend();
  if (!be || !kernelFor(be, 0, false)) return false;
  registerWasmKernel(KERNEL, kernelFunc);
  return true;
}

/** [θ', m', v'] (and θ̄' when an average is given) as new tensors. */
export function adamKernelStep(theta: tf.Tensor, m: tf.Tensor, v: tf.Tensor, g: tf.Tensor, average: tf.Tensor | undefined, attrs: AdamKernelAttrs): tf.Tensor[] {
  const inputs: tf.NamedTensorMap = average ? { theta, m, v, g, average } : { theta, m, v, g };
  return tf.engine().runKernel(KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
}
