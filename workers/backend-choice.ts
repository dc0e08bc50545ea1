import type { BackendInfo, BackendName, BackendRequest } from '../src/engine/api';

/** What the environment offers, probed without starting any tfjs backend. */
export interface BackendProbe {
  /** The WebGPU adapter, or why there is none. */
  webgpu(): Promise<{ fallback: boolean; description: string } | { missing: string }>;
  /** Why WASM cannot run here, or null when WebAssembly is present. */
  wasmMissing(): string | null;
  /** Why WebGL cannot run here, or null when a WebGL context can be made. */
  webglMissing(): string | null;
}

/** The few tfjs calls the choice needs (injected so the policy is testable without a browser). */
export interface BackendSwitch {
  /** Start a backend: false or a throw when it cannot start. */
  set(name: BackendName): Promise<boolean>;
  /** What tfjs reads back as the active backend. */
  get(): string;
  /** WASM details once the WASM backend runs: SIMD, and the threads of the threaded build (0: the single-threaded build, and why). */
  wasmDetails(): Promise<{ simd: boolean; threads: number; noThreads?: string; kernels?: boolean; fma?: boolean }>;
}

/** Auto order (DESIGN.md): WebGPU on a real adapter, else WASM, else WebGL, else CPU. */
const ORDER: BackendName[] = ['webgpu', 'wasm', 'webgl', 'cpu'];

/**
 * Choose and start a backend. `auto` takes WebGPU only on a real (non-fallback)
 * adapter: the software adapter (SwiftShader) is ~100× slower than WASM. A forced
 * choice takes that backend when it can start (WebGPU even on a fallback adapter),
 * else falls back along the auto order, saying why. The backend reported is the one
 * tfjs reads back, since tfjs may pick another by itself after a failed start.
 */
export async function chooseBackend(request: BackendRequest, probe: BackendProbe, tf: BackendSwitch): Promise<BackendInfo> {
  const gpu = await probe.webgpu();
  const missing: Record<BackendName, string | null> = {
    webgpu: 'missing' in gpu ? gpu.missing : null,
    wasm: probe.wasmMissing(),
    webgl: probe.webglMissing(),
    cpu: null,
  };
  const available = ORDER.filter((b) => missing[b] === null);
  const fallbackAdapter = 'fallback' in gpu ? gpu.fallback : undefined;
  const notes: string[] = [];
  const candidates = request === 'auto' ? ORDER : [request, ...ORDER.filter((b) => b !== request)];

  for (const name of candidates) {
    if (missing[name] !== null) {
      notes.push(`${name}: ${missing[name]}`);
      continue;
    }
    if (name === 'webgpu' && fallbackAdapter && request !== 'webgpu') {
      notes.push(`webgpu: the adapter is a software fallback (${'description' in gpu ? gpu.description : '?'}), far slower than WASM; force webgpu to use it anyway`);
      continue;
    }
    let why = 'it did not start';
    let ok = false;
    try {
      ok = await tf.set(name);
    } catch (e) {
      why = `it failed to start (${(e as Error)?.message ?? String(e)})`;
    }
    if (!ok || tf.get() !== name) {
      notes.push(`${name}: ${why}`);
      missing[name] = why;
      continue;
    }
    return describe(name, request, notes, { gpu, fallbackAdapter, available: ORDER.filter((b) => missing[b] === null), tf });
  }
  // Every start failed: report what tfjs runs on now, if anything.
  let backend = 'none';
  try {
    backend = tf.get() ?? 'none';
  } catch {
    // no backend at all
  }
  return { backend, requested: request, reason: `no backend could start (${notes.join('; ')})`, available };
}

async function describe(
  name: BackendName,
  request: BackendRequest,
  notes: string[],
  ctx: { gpu: Awaited<ReturnType<BackendProbe['webgpu']>>; fallbackAdapter?: boolean; available: BackendName[]; tf: BackendSwitch },
): Promise<BackendInfo> {
  const info: BackendInfo = { backend: ctx.tf.get(), requested: request, reason: '', available: ctx.available };
  let what: string;
  if (name === 'webgpu') {
    const description = 'description' in ctx.gpu ? ctx.gpu.description : 'unknown adapter';
    info.fallbackAdapter = ctx.fallbackAdapter ?? false;
    what = info.fallbackAdapter ? `WebGPU on a software fallback adapter (${description}): slow, for testing` : `WebGPU adapter present (${description})`;
  } else if (name === 'wasm') {
    const d = await ctx.tf.wasmDetails();
    info.simd = d.simd;
    info.threads = d.threads > 0;
    if (d.kernels !== undefined) info.kernels = d.kernels;
    if (d.kernels && d.fma !== undefined) info.fma = d.fma;
    const threads = d.threads > 0 ? `the threaded build with ${d.threads} thread${d.threads > 1 ? 's' : ''} (tfjs uses half the cores, at most 4)` : `no threads (${d.noThreads ?? 'unavailable'})`;
    const kernels = d.kernels === undefined ? '' : d.kernels ? ` (and the lab’s SIMD kernels${d.fma ? ', with fused multiply-adds' : ''})` : ' (the lab’s SIMD kernels could not start: plain tfjs ops)';
    what = `WASM with ${d.simd ? 'SIMD' : 'no SIMD'}${kernels}, ${threads}`;
  } else {
    what = name === 'webgl' ? 'WebGL' : 'CPU (plain JavaScript, slowest)';
  }
  const prefix = request === 'auto' || request === name ? '' : `${request} was requested but could not run; `;
  info.reason = `${prefix}${what}${notes.length ? ` — ${notes.join('; ')}` : ''}`;
  return info;
}
