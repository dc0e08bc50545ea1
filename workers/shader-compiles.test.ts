import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMPILING_SHADERS, shaderCompiles, type PipelineDevice } from './shader-compiles';

/**
 * A GPUDevice as far as the watch sees it: pipeline creation returns at once, and each
 * popped error scope resolves only when the test says the GPU process got that far.
 */
function fakeDevice() {
  const scopes: string[] = [];
  const pops: ((error: { message: string } | null) => void)[] = [];
  const asyncCreations: ((pipeline: unknown) => void)[] = [];
  const created: unknown[] = [];
  const device: PipelineDevice = {
    createComputePipeline: (descriptor) => {
      created.push(descriptor);
      return { pipeline: descriptor };
    },
    createComputePipelineAsync: (descriptor) => new Promise((resolve) => asyncCreations.push(() => resolve({ pipeline: descriptor }))),
    pushErrorScope: (filter) => void scopes.push(filter),
    popErrorScope: () => {
      scopes.pop();
      return new Promise((resolve) => pops.push(resolve));
    },
  };
  /** The GPU process finished the oldest pending creation (with an error, or none). */
  const processed = async (error: { message: string } | null = null) => {
    pops.shift()!(error);
    await new Promise((r) => setTimeout(r, 0));
  };
  return { device, scopes, created, pops, asyncCreations, processed };
}

afterEach(() => vi.restoreAllMocks());

describe('shaderCompiles (WebGPU pipelines still compiling, as a phase)', () => {
  it('is busy from the first pipeline created until the GPU process has processed the last one', async () => {
    const gpu = fakeDevice();
    const watch = shaderCompiles(gpu.device);
    const phases: (string | undefined)[] = [];
    watch.subscribe((p) => phases.push(p));

    const a = gpu.device.createComputePipeline({ label: 'BinaryOpProgram' });
    expect(a).toEqual({ pipeline: { label: 'BinaryOpProgram' } }); // tfjs gets the pipeline itself, at once
    expect(phases).toEqual([COMPILING_SHADERS]); // announced synchronously, inside the kernel call
    gpu.device.createComputePipeline({ label: 'UnaryOpProgram' });
    expect(gpu.scopes).toEqual([]); // every scope pushed is popped around its own creation
    expect(phases).toEqual([COMPILING_SHADERS]);

    await gpu.processed();
    expect(phases).toEqual([COMPILING_SHADERS]); // one still compiling
    await gpu.processed();
    expect(phases).toEqual([COMPILING_SHADERS, undefined]);
    expect(watch.stats.pipelines).toBe(2);
    expect(watch.stats.busyMs).toBeGreaterThanOrEqual(0);

    // Later kernels meet compiled pipelines (tfjs caches them): nothing new, no phase.
    // A new kernel variant later on (another shape) is a new, shorter phase.
    gpu.device.createComputePipeline({ label: 'ReduceProgram' });
    await gpu.processed();
    expect(phases).toEqual([COMPILING_SHADERS, undefined, COMPILING_SHADERS, undefined]);
  });

  it('watches a device once, tells a late subscriber that it is busy, and stops telling after unsubscribe', async () => {
    const gpu = fakeDevice();
    const watch = shaderCompiles(gpu.device);
    expect(shaderCompiles(gpu.device)).toBe(watch); // not wrapped twice: one scope per creation
    gpu.device.createComputePipeline({});
    expect(gpu.pops).toHaveLength(1);
    const late: (string | undefined)[] = [];
    const unsubscribe = watch.subscribe((p) => late.push(p));
    expect(late).toEqual([COMPILING_SHADERS]);
    unsubscribe();
    await gpu.processed();
    expect(late).toEqual([COMPILING_SHADERS]);
  });

  it("logs what its error scope caught (as the browser would have) and still ends the phase", async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const gpu = fakeDevice();
    const phases: (string | undefined)[] = [];
    shaderCompiles(gpu.device).subscribe((p) => phases.push(p));
    gpu.device.createComputePipeline({ label: 'MatMulPackedProgram' });
    await gpu.processed({ message: 'driver ran out of registers' });
    expect(errors).toHaveBeenCalledWith('WebGPU pipeline MatMulPackedProgram: driver ran out of registers');
    expect(phases).toEqual([COMPILING_SHADERS, undefined]);
  });

  it("counts tfjs's parallel compilation (createComputePipelineAsync) until its promise settles", async () => {
    const gpu = fakeDevice();
    const phases: (string | undefined)[] = [];
    shaderCompiles(gpu.device).subscribe((p) => phases.push(p));
    const pipeline = gpu.device.createComputePipelineAsync!({ label: 'x' });
    expect(phases).toEqual([COMPILING_SHADERS]);
    gpu.asyncCreations[0](undefined);
    expect(await pipeline).toEqual({ pipeline: { label: 'x' } });
    await new Promise((r) => setTimeout(r, 0));
    expect(phases).toEqual([COMPILING_SHADERS, undefined]);
  });

  it('a throwing listener does not break pipeline creation', () => {
    const gpu = fakeDevice();
    shaderCompiles(gpu.device).subscribe(() => {
      throw new Error('listener bug');
    });
    expect(() => gpu.device.createComputePipeline({})).not.toThrow();
    expect(gpu.created).toHaveLength(1);
  });
});
