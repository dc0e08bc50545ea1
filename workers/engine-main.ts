/**
 * The engine worker's service (DESIGN.md, "Worker and backends"): tfjs with its backends,
 * the WASM binaries, the node registry and the weight store. engine.worker.ts loads this
 * module on the page's first call (deferred-engine.ts).
 */
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
// The WASM binaries are served by the app itself (no CDN): Vite emits them as assets.
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { createRegistry } from '../nodes';
import { summarizeOutputs } from './summary';
import { getStorage } from '../src/storage/storage';
import { weightStoreOf } from '../src/storage/weight-store';
import { selectBrowserBackend } from './backend-browser';
import { EngineService } from './engine-service';
import { GpuPacer, webgpuFence, type WebGpuBackendLike } from './gpu-pacer';
import { shaderCompiles, type PipelineDevice } from './shader-compiles';

tf.env().set('PROD', true);
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
});

export const service = new EngineService({
  registry: createRegistry(),
  // Threads work in the production build because vite.config.ts keeps this worker's
  // identifiers unmangled (see there); tfjs still turns them off on a non-isolated page.
  selectBackend: (request) => selectBrowserBackend(request, { wasmThreads: true }),
  summarize: (def, outputs) => summarizeOutputs(def, outputs),
  // Trained models are kept in the library's IndexedDB, keyed by their node's cache key.
  weights: weightStoreOf(getStorage()),
  // An uncaught error makes the client replace this worker (its backend is unusable) and say why.
  onFatal: (reason) => {
    throw new Error(reason);
  },
  // On WebGPU, the running node shows 'compiling shaders' while its kernels' first pipelines compile.
  phases: () => (tf.getBackend() === 'webgpu' ? shaderCompiles((tf.backend() as unknown as { device: PipelineDevice }).device) : undefined),
  // On WebGPU, checkpoints let the GPU catch up now and then (≤ ~100 ms of its work stays queued); elsewhere no hook at all.
  pacer: () => (tf.getBackend() === 'webgpu' ? new GpuPacer({ now: () => performance.now(), fence: webgpuFence(tf.backend() as unknown as WebGpuBackendLike) }).pace : undefined),
});
