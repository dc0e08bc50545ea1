import * as tf from '@tensorflow/tfjs';
import { moduleBytes, op, v, V128, type FunctionSpec } from './encode';

/**
 * What the hand-written kernels need of the tfjs-wasm backend (BackendWasm's fields; typed here
 * to keep the import light): its memory, its allocator, and where each tensor's data lies.
 */
export interface WasmBackendLike {
  wasm: {
    HEAPF32: Float32Array;
    _malloc(bytes: number): number;
    _free(ptr: number): void;
    asm?: { memory?: WebAssembly.Memory };
    wasmMemory?: WebAssembly.Memory;
  };
  dataIdMap: { get(id: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
}

/** The backend's memory, or null where it cannot be reached. */
export function memoryOf(backend: WasmBackendLike): WebAssembly.Memory | null {
  const memory = backend.wasm.asm?.memory ?? backend.wasm.wasmMemory;
  return memory instanceof WebAssembly.Memory ? memory : null;
}

/** Byte address of a tensor's data in the backend's memory. */
export function addressOf(backend: WasmBackendLike, t: tf.TensorInfo): number {
  return backend.dataIdMap.get(t.dataId)!.memoryOffset;
}

/**
 * The exported function of a one-function module that imports `memory` (shared when the
 * backend's is: the threaded build); null where WASM SIMD is missing or the module is refused.
 */
export function instantiate<F>(fn: FunctionSpec, memory: WebAssembly.Memory): F | null {
  try {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const bytes = moduleBytes(fn, { shared, maxPages: 65536 });
    if (!WebAssembly.validate(bytes)) return null;
    return new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports[fn.exportName] as F;
  } catch {
    return null;
  }
}

/** The tfjs-wasm backend when it is the one in use, else null. */
export function wasmBackend(): WasmBackendLike | null {
  return tf.getBackend() === 'wasm' ? (tf.backend() as unknown as WasmBackendLike) : null;
}

/** Compiled kernels per backend, by key (null: could not be built). */
const compiled = new WeakMap<object, Map<string, unknown>>();

/**
 * The kernel `key` for this backend's memory, built once by `build` (keys are namespaced by the
 * caller: 'mixture:…', 'gemm:…'); null when the memory is unreachable or the build failed.
 */
export function cachedKernel<F>(backend: WasmBackendLike, key: string, build: (memory: WebAssembly.Memory) => F | null): F | null {
  let cache = compiled.get(backend);
  if (!cache) compiled.set(backend, (cache = new Map()));
  if (!cache.has(key)) {
    const memory = memoryOf(backend);
    cache.set(key, memory ? build(memory) : null);
  }
  return cache.get(key) as F | null;
}

/**
 * Whether the hand-written SIMD kernels (GEMM, Adam, the samplers') run here: the tfjs-wasm
 * backend, its memory reachable, and a SIMD module that imports it accepted (shared memory in
 * the threaded build). Reported with the backend, so a slow path is never silent.
 */
export function simdKernelsAvailable(): boolean {
  const be = wasmBackend();
  const probe = { params: [], locals: [[1, V128]] as [number, number][], body: [...v.const(0), ...op.set(0)], exportName: 'probe' };
  return !!be && cachedKernel(be, 'probe', (memory) => instantiate<() => void>(probe, memory)) !== null;
}

let relaxed: boolean | undefined;

/**
 * Whether this engine accepts relaxed SIMD (f32x4.relaxed_madd): Chromium since 114 and Node from
 * 22 by default; Node 20 behind a V8 flag that selectNodeBackend sets (backend-node.ts). Probed once,
 * on the first kernel built after the backend started.
 */
export function relaxedSimdAvailable(): boolean {
  if (relaxed === undefined) relaxed = WebAssembly.validate(moduleBytes(RELAXED_PROBE, { shared: false, maxPages: 1 }));
  return relaxed;
}

const RELAXED_PROBE = { params: [], locals: [[1, V128]] as [number, number][], body: [...v.const(0), ...v.const(0), ...v.const(0), ...v.madd, ...op.set(0)], exportName: 'probe' };

/** Our kernels' functions, as tfjs calls them: inputs and attrs by name, outputs made by `backend.makeOutput`. */
export type WasmKernelFunc = (args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }) => tf.TensorInfo | tf.TensorInfo[];

/** Register a kernel on the wasm backend the first time it is asked for (tfjs keeps one per name). */
export function registerWasmKernel(kernelName: string, kernelFunc: WasmKernelFunc): void {
  if (!tf.getKernel(kernelName, 'wasm')) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc });
}

/** Marks the kernel configs put in place by replaceKernel, so that replacing again is a no-op. */
const REPLACED = Symbol('replaced by the lab');

/**
 * Put `make(original)` in place of tfjs's kernel `kernelName` for `backendName` (idempotent). The
 * original's setup function travels with the replacement (tfjs runs every registered kernel's setup
 * when the backend starts), so a replacement may hand the cases it does not cover to the original.
 */
export function replaceKernel(kernelName: string, backendName: string, make: (original: tf.KernelFunc | undefined) => WasmKernelFunc | tf.KernelFunc): void {
  const current = tf.getKernel(kernelName, backendName) as (tf.KernelConfig & { [REPLACED]?: true }) | undefined;
  if (current?.[REPLACED]) return;
  if (current) tf.unregisterKernel(kernelName, backendName);
  const kernelFunc = make(current?.kernelFunc) as unknown as tf.KernelFunc;
  tf.registerKernel({ kernelName, backendName, kernelFunc, setupFunc: current?.setupFunc, [REPLACED]: true } as tf.KernelConfig);
}
