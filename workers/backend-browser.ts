import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { BackendInfo, BackendRequest } from '../src/engine/api';
import { relaxedSimdAvailable, simdKernelsAvailable } from '../nodes/lib/wasm/backend';
import { chooseBackend, type BackendProbe, type BackendSwitch } from './backend-choice';

export interface BrowserBackendOptions {
  /**
   * Allow the multi-threaded WASM binary. Threads also need a cross-origin isolated
   * page (COOP same-origin + COEP require-corp); when it is not, tfjs's own feature
   * test turns them off and the reason says so.
   */
  wasmThreads: boolean;
  /** Why threads are off when `wasmThreads` is false (shown in the reason). */
  noThreadsReason?: string;
}

/** Minimal WebGPU typings: the DOM lib of TypeScript 5.9 does not carry them. */
interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string; description?: string };
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

/** Probe what this worker (or page) offers, starting no tfjs backend. */
export const browserProbe: BackendProbe = {
  async webgpu() {
    const gpu = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
    if (!gpu) return { missing: 'no WebGPU in this browser (navigator.gpu is missing; Chromium without a GPU offers it only with --enable-unsafe-webgpu)' };
    let adapter: GpuAdapterLike | null;
    try {
      adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    } catch (e) {
      return { missing: `requestAdapter failed (${(e as Error).message})` };
    }
    if (!adapter) return { missing: 'no WebGPU adapter (requestAdapter returned null)' };
    const info = adapter.info ?? {};
    const fallback = Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter);
    const description = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'adapter without a description';
    return { fallback, description };
  },
  wasmMissing: () => (typeof WebAssembly === 'object' ? null : 'no WebAssembly in this browser'),
  webglMissing() {
    try {
      if (typeof OffscreenCanvas === 'function' && new OffscreenCanvas(1, 1).getContext('webgl2')) return null;
      if (typeof document === 'object' && document.createElement('canvas').getContext('webgl2')) return null;
      return 'no WebGL 2 context could be made';
    } catch (e) {
      return `WebGL 2 failed (${(e as Error).message})`;
    }
  },
};

function tfSwitch(options: BrowserBackendOptions): BackendSwitch {
  return {
    set: async (name) => {
      if (name === 'wasm' && !options.wasmThreads) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      const ok = await tf.setBackend(name);
      if (ok) await tf.ready();
      return ok;
    },
    get: () => tf.getBackend(),
    wasmDetails: async () => {
      const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
      const threaded = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
      const kernels = simdKernelsAvailable();
      const fma = relaxedSimdAvailable();
      if (threaded) return { simd, threads: getThreadsCount(), kernels, fma };
      let noThreads = 'this browser has no WASM threads';
      if (!options.wasmThreads) noThreads = options.noThreadsReason ?? 'threads are disabled in this build';
      else if (!globalThis.crossOriginIsolated) noThreads = 'the page is not cross-origin isolated (COOP/COEP headers missing)';
      return { simd, threads: 0, noThreads, kernels, fma };
    },
  };
}

/** Backend choice in the browser (worker or page): see chooseBackend for the policy. */
export function selectBrowserBackend(request: BackendRequest, options: BrowserBackendOptions): Promise<BackendInfo> {
  return chooseBackend(request, browserProbe, tfSwitch(options));
}
