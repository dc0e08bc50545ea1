import type { PhaseSource } from './engine-service';

/** The phase a node shows while the WebGPU backend compiles its shaders. */
export const COMPILING_SHADERS = 'compiling shaders';

/** The few GPUDevice methods watched (the DOM lib of TypeScript 5.9 has no WebGPU types). */
export interface PipelineDevice {
  createComputePipeline(descriptor: unknown): unknown;
  createComputePipelineAsync?(descriptor: unknown): Promise<unknown>;
  pushErrorScope(filter: 'validation' | 'out-of-memory' | 'internal'): void;
  popErrorScope(): Promise<{ message: string } | null>;
}

export interface CompileStats {
  /** Pipelines created since the watch began. */
  pipelines: number;
  /** Milliseconds during which at least one was still compiling. */
  busyMs: number;
}

/**
 * WebGPU shader compilation, seen as a phase of the running node. tfjs creates a compute
 * pipeline the first time it meets a kernel variant (its shader key: program, dtypes and
 * the shapes baked in) and keeps it for the life of the backend. The call returns at
 * once; the GPU process compiles the shader (WGSL → driver code) before it can run the
 * dispatches queued after it. So on a fresh backend a node's steps seem to race ahead
 * while the GPU is still compiling, and the node then waits at its first read (measured
 * on the SwiftShader adapter: the 20-step DDPM sampler of e2e/worker.spec.ts compiles for
 * 0.8–1.4 s of its 1.3–2.5 s first run, and not at all on a rerun).
 *
 * An error scope pushed and popped around each creation resolves once the GPU process
 * has processed that creation, compilation included: from the first creation to the last
 * such resolution the backend is compiling shaders. The scope's filter is 'internal' (a
 * driver that fails to compile); what it catches is logged, as the browser would have.
 */
class ShaderCompiles implements PhaseSource {
  private pending = 0;
  private busySince = 0;
  private readonly listeners = new Set<(phase: string | undefined) => void>();
  readonly stats: CompileStats = { pipelines: 0, busyMs: 0 };

  constructor(device: PipelineDevice) {
    const create = device.createComputePipeline.bind(device);
    device.createComputePipeline = (descriptor) => {
      device.pushErrorScope('internal');
      try {
        return create(descriptor);
      } finally {
        this.begin();
        device.popErrorScope().then((error) => error && console.error(`WebGPU pipeline ${label(descriptor)}: ${error.message}`), () => undefined).finally(() => this.end());
      }
    };
    // tfjs's parallel compilation (WEBGPU_ENGINE_COMPILE_ONLY) creates them asynchronously.
    const createAsync = device.createComputePipelineAsync?.bind(device);
    if (createAsync) {
      device.createComputePipelineAsync = (descriptor) => {
        this.begin();
        const pipeline = createAsync(descriptor);
        pipeline.catch(() => undefined).finally(() => this.end());
        return pipeline;
      };
    }
  }

  subscribe(listener: (phase: string | undefined) => void): () => void {
    this.listeners.add(listener);
    if (this.pending > 0) listener(COMPILING_SHADERS);
    return () => this.listeners.delete(listener);
  }

  private begin(): void {
    this.stats.pipelines++;
    if (this.pending++ > 0) return;
    this.busySince = performance.now();
    this.notify(COMPILING_SHADERS);
  }

  private end(): void {
    if (--this.pending > 0) return;
    this.stats.busyMs += performance.now() - this.busySince;
    this.notify(undefined);
  }

  private notify(phase: string | undefined): void {
    for (const listener of this.listeners) {
      try {
        listener(phase);
      } catch {
        // a throwing listener must not break pipeline creation
      }
    }
  }
}

const label = (descriptor: unknown) => String((descriptor as { label?: string } | null)?.label ?? '');

const watched = new WeakMap<PipelineDevice, ShaderCompiles>();

/** The shader compilations of one device (watched from the first call on; once per device). */
export function shaderCompiles(device: PipelineDevice): PhaseSource & { readonly stats: CompileStats } {
  let watch = watched.get(device);
  if (!watch) {
    watch = new ShaderCompiles(device);
    watched.set(device, watch);
  }
  return watch;
}
