import { describe, expect, it } from 'vitest';
import type { BackendName } from '../src/engine/api';
import { chooseBackend, type BackendProbe, type BackendSwitch } from './backend-choice';

type Gpu = Awaited<ReturnType<BackendProbe['webgpu']>>;

/** A fake browser: which backends start, and what tfjs reads back afterwards. */
function fake(gpu: Gpu, starts: Partial<Record<BackendName, boolean | 'throw' | string>> = {}, missing: { wasm?: string; webgl?: string } = {}) {
  let current = 'cpu';
  const tried: BackendName[] = [];
  const probe: BackendProbe = { webgpu: async () => gpu, wasmMissing: () => missing.wasm ?? null, webglMissing: () => missing.webgl ?? null };
  const tf: BackendSwitch = {
    set: async (name) => {
      tried.push(name);
      const s = starts[name] ?? true;
      if (s === 'throw') throw new Error(`${name} exploded`);
      if (s === false) return false;
      // A string: setBackend said yes but tfjs runs that other backend.
      current = typeof s === 'string' ? s : name;
      return true;
    },
    get: () => current,
    wasmDetails: async () => ({ simd: true, threads: 4 }),
  };
  return { probe, tf, tried };
}

const real: Gpu = { fallback: false, description: 'nvidia ampere' };
const software: Gpu = { fallback: true, description: 'google swiftshader' };
const none: Gpu = { missing: 'no WebGPU in this browser (navigator.gpu is missing)' };

describe('chooseBackend', () => {
  it('auto takes WebGPU on a real adapter', async () => {
    const f = fake(real);
    const info = await chooseBackend('auto', f.probe, f.tf);
    expect(info).toMatchObject({ backend: 'webgpu', requested: 'auto', fallbackAdapter: false, available: ['webgpu', 'wasm', 'webgl', 'cpu'] });
    expect(info.reason).toMatch(/WebGPU adapter present \(nvidia ampere\)/);
  });

  it('auto skips a software (fallback) adapter for WASM, and says so', async () => {
    const f = fake(software);
    const info = await chooseBackend('auto', f.probe, f.tf);
    expect(info).toMatchObject({ backend: 'wasm', simd: true, threads: true });
    expect(f.tried).toEqual(['wasm']);
    expect(info.reason).toMatch(/^WASM with SIMD, the threaded build with 4 threads .* — webgpu: the adapter is a software fallback \(google swiftshader\)/);
    expect(info.available).toContain('webgpu');
  });

  it('says whether the lab’s SIMD kernels run on WASM, and when they cannot, that plain tfjs ops do', async () => {
    for (const kernels of [true, false]) {
      const f = fake(none);
      f.tf.wasmDetails = async () => ({ simd: true, threads: 0, noThreads: 'no threads here', kernels });
      const info = await chooseBackend('auto', f.probe, f.tf);
      expect(info).toMatchObject({ backend: 'wasm', kernels });
      expect(info.reason).toMatch(kernels ? /^WASM with SIMD \(and the lab’s SIMD kernels\), no threads/ : /^WASM with SIMD \(the lab’s SIMD kernels could not start: plain tfjs ops\)/);
    }
    const f = fake(none);
    f.tf.wasmDetails = async () => ({ simd: true, threads: 0, noThreads: 'no threads here', kernels: true, fma: true });
    const info = await chooseBackend('auto', f.probe, f.tf);
    expect(info).toMatchObject({ kernels: true, fma: true });
    expect(info.reason).toMatch(/^WASM with SIMD \(and the lab’s SIMD kernels, with fused multiply-adds\), no threads/);
  });

  it('a forced WebGPU runs even on the fallback adapter, reported as such', async () => {
    const f = fake(software);
    const info = await chooseBackend('webgpu', f.probe, f.tf);
    expect(info).toMatchObject({ backend: 'webgpu', fallbackAdapter: true });
    expect(info.reason).toMatch(/software fallback adapter \(google swiftshader\)/);
  });

  it('a forced WebGPU without an adapter falls back to WASM with the reason', async () => {
    const f = fake(none);
    const info = await chooseBackend('webgpu', f.probe, f.tf);
    expect(info.backend).toBe('wasm');
    expect(info.reason).toMatch(/^webgpu was requested but could not run; WASM .* webgpu: no WebGPU in this browser/);
    expect(info.available).toEqual(['wasm', 'webgl', 'cpu']);
  });

  it('a backend that fails to start (false, a throw, or tfjs running another) is skipped, in auto order', async () => {
    const f = fake(none, { wasm: 'throw', webgl: 'cpu' });
    const info = await chooseBackend('auto', f.probe, f.tf);
    expect(f.tried).toEqual(['wasm', 'webgl', 'cpu']);
    expect(info.backend).toBe('cpu');
    expect(info.reason).toMatch(/wasm: it failed to start \(wasm exploded\); webgl: it did not start/);
    expect(info.available).toEqual(['cpu']);
  });

  it('a forced WebGL that cannot start falls back to WASM', async () => {
    const f = fake(none, {}, { webgl: 'no WebGL 2 context could be made' });
    const info = await chooseBackend('webgl', f.probe, f.tf);
    expect(info.backend).toBe('wasm');
    expect(info.reason).toMatch(/^webgl was requested but could not run; .*webgl: no WebGL 2 context/);
  });

  it('reports honestly when nothing starts', async () => {
    const f = fake(none, { wasm: false, webgl: false, cpu: false });
    const info = await chooseBackend('auto', f.probe, f.tf);
    expect(info.reason).toMatch(/^no backend could start/);
  });
});
