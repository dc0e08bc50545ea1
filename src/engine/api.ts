import type { GraphEstimate } from './estimate';
import type { RunEvent, RunResult } from './events';
import type { GraphFile } from './format';
import type { MemorySnapshot } from './peak-memory';
import type { PortType } from './ports';
import type { Preview } from './preview';

/**
 * The worker API (DESIGN.md, "Worker and backends"): what workers/engine.worker.ts
 * exposes through comlink and what the editor's client calls. Everything crossing it
 * is structured-cloneable data; previews carry typed arrays sent as transferables.
 */
export type BackendName = 'webgpu' | 'wasm' | 'webgl' | 'cpu';
export type BackendRequest = 'auto' | BackendName;

export interface BackendInfo {
  /** What `tf.getBackend()` reads back after the choice. */
  backend: string;
  requested: BackendRequest;
  /** Why this backend runs: "WebGPU adapter present", "no WebGPU adapter; WASM with SIMD", a fallback's cause… */
  reason: string;
  /** True when the WebGPU adapter is a software (fallback) adapter such as SwiftShader. */
  fallbackAdapter?: boolean;
  /** WASM details. */
  simd?: boolean;
  threads?: boolean;
  /** The lab's own WASM SIMD kernels (the networks' GEMMs, Adam, the samplers' updates) run. */
  kernels?: boolean;
  /** Those kernels fuse their multiply-adds (WASM relaxed SIMD: Chromium 114+, Node 22+, Node 20 with a flag). */
  fma?: boolean;
  /** Every backend that could start here, for the toolbar's selector. */
  available?: BackendName[];
}

/** What a client learns about one output port after a run. */
export interface OutputSummary {
  port: string;
  type: PortType;
  /** Tensor shape (for tensors, images, trajectory frames). */
  shape?: number[];
  /** Scalar value (numbers). */
  value?: number;
  /** Small plot payload (preview ports, and 2-D tensors, series, trajectories, images). */
  preview?: Preview;
  /** One line describing a non-tensor value ('linear schedule, T = 1000', 'score predictor'). */
  text?: string;
}

export interface RunRequest {
  runId: string;
  graph: GraphFile;
  targets?: string[];
  /**
   * Nodes past the soft bound of their work estimate (estimate.ts): 'allow' once the user
   * confirmed (the editor asks before a run), 'refuse' otherwise. Default 'allow'.
   */
  largeWork?: 'allow' | 'refuse';
}

export interface RunReply extends RunResult {
  runId: string;
  backend: string;
  /** Summaries of the outputs of every node that ran or was cached in this run. */
  outputs: Record<string, OutputSummary[]>;
}

export interface MemoryInfo {
  numTensors: number;
  numBytes: number;
  backend: string;
  /**
   * The high-water mark of numTensors and numBytes since the last `resetPeak` (absolute,
   * tf.memory() terms; src/engine/peak-memory.ts): present once a caller has asked for it.
   */
  peak?: MemorySnapshot;
}

export interface MemoryRequest {
  /**
   * Reset the high-water mark to what is held now, switching the peak tracker on the first
   * time (it wraps every tensor's creation: off unless asked, e.g. by the benchmarks).
   */
  resetPeak?: boolean;
}

/** A whole-sampler node replaced by the loop of its step nodes (nodes/loop/expand.ts), or why not. */
export type ExpandReply = { ok: true; graph: GraphFile; loopId: string } | { ok: false; message: string };

export interface EngineApi {
  init(backend: BackendRequest): Promise<BackendInfo>;
  run(request: RunRequest, onEvent: (event: RunEvent) => void): Promise<RunReply>;
  cancel(runId: string): Promise<void>;
  clearCache(): Promise<void>;
  /** Tensors and bytes held now (and the peak, once asked for by `resetPeak`): answered at once, even mid-run. */
  memory(request?: MemoryRequest): Promise<MemoryInfo>;
  /** Expand sampler node `nodeId` of `graph` into its loop: pure graph data, done where the node types live. */
  expand(graph: GraphFile, nodeId: string): Promise<ExpandReply>;
  /**
   * Work and memory estimates of the nodes a run of `targets` (default: all) would
   * execute, before it starts: pure graph data, answered at once, even mid-run. An
   * invalid graph estimates nothing (the run reports its problems).
   */
  estimate(graph: GraphFile, targets?: string[]): Promise<GraphEstimate>;
}
