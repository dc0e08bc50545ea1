import * as tf from '@tensorflow/tfjs';
import { releaseProxy, transfer } from 'comlink';
import type { BackendInfo, BackendRequest, EngineApi, ExpandReply, MemoryInfo, MemoryRequest, OutputSummary, RunReply, RunRequest } from '../src/engine/api';
import type { RunEvent, RunResult } from '../src/engine/events';
import { estimateGraph, type GraphEstimate } from '../src/engine/estimate';
import type { WeightStore } from '../src/engine/persist';
import { Executor, type RunOptions } from '../src/engine/executor';
import type { GraphFile } from '../src/engine/format';
import { parseGraphFile } from '../src/engine/load';
import { currentPeak, installPeakTracker, peakTrackerInstalled, resetPeak } from '../src/engine/peak-memory';
import type { AnyNodeDef, Values } from '../src/engine/node';
import { portSpec } from '../src/engine/ports';
import type { NodeRegistry } from '../src/engine/registry';
import { expandReply } from './expand-reply';
import { detachTypedArrays } from './transfer';

export interface EngineServiceOptions {
  registry: NodeRegistry;
  /** Start a backend for a request and say what runs and why. */
  selectBackend(request: BackendRequest): Promise<BackendInfo>;
  /** Describe a node's outputs for the client (workers/summary.ts). */
  summarize(def: AnyNodeDef, outputs: Values): Promise<OutputSummary[]>;
  /** Minimum milliseconds between two progress events (and previews) of one node; default 100 (≤ 10 a second). */
  progressIntervalMs?: number;
  /** Progress events still unacknowledged by the client beyond which further ones are dropped (default 16). */
  maxPendingEvents?: number;
  /**
   * Called after a run whose error leaves the backend unusable (the WASM runtime aborted,
   * e.g. out of memory; the WebGPU device was lost). The worker entries raise an uncaught
   * error from here, so the client replaces the worker and says why.
   */
  onFatal?(reason: string): void;
  /** Where trained weights are kept across sessions (IndexedDB in the browser). */
  weights?: WeightStore;
  /**
   * What the backend is busy with besides the nodes' own steps (WebGPU: compiling
   * shaders), asked once a run's backend is up. Shown on the running node as the `phase`
   * of its progress events.
   */
  phases?(): PhaseSource | undefined;
  /**
   * The checkpoint hook of one run (RunOptions.pace), asked once its backend is up. The
   * worker gives one on WebGPU only (workers/gpu-pacer.ts): it keeps the GPU queue short,
   * so progress follows finished work and a cancel takes effect within a fence.
   */
  pacer?(): RunOptions['pace'];
}

/** Work of the backend that a node waits on: its label while busy, undefined when over. */
export interface PhaseSource {
  /** Listen to changes (called at once when busy now); returns the unsubscribe. */
  subscribe(listener: (phase: string | undefined) => void): () => void;
}

/** Errors after which the backend cannot run anything more in this worker. */
const FATAL = /Aborted\(|RuntimeError: (unreachable|memory access out of bounds)|device (is |was )?lost|GPUDevice.*lost/i;

/**
 * The engine behind the worker API (src/engine/api.ts), free of any messaging: the
 * worker exposes it with comlink, tests call it directly. Work (init, run, clearCache)
 * is serialised in arrival order; cancel and memory answer at once, even mid-run.
 */
export class EngineService implements EngineApi {
  private readonly executor: Executor;
  private info: BackendInfo | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly runs = new Map<string, AbortController>();

  constructor(private readonly options: EngineServiceOptions) {
    this.executor = new Executor(options.registry, options.weights);
  }

  init(backend: BackendRequest): Promise<BackendInfo> {
    return this.exclusive(() => this.start(backend));
  }

  async run(request: RunRequest, onEvent: (event: RunEvent) => unknown): Promise<RunReply> {
    if (this.runs.has(request.runId)) throw new Error(`a run with id '${request.runId}' is already queued or running`);
    const controller = new AbortController();
    this.runs.set(request.runId, controller);
    const events = new EventForwarder(onEvent, this.options.progressIntervalMs ?? 100, this.options.maxPendingEvents ?? 16);
    try {
      const reply = await this.exclusive(async () => {
        if (!this.info) await this.start('auto');
        const unsubscribe = this.options.phases?.()?.subscribe((phase) => events.setPhase(phase));
        let result: RunResult;
        try {
          result = await this.execute(request, controller.signal, (e) => events.send(e));
        } finally {
          unsubscribe?.();
        }
        const outputs = result.status === 'error' && result.issues ? {} : await this.summaries(request.graph, result);
        return { ...result, runId: request.runId, backend: tf.getBackend(), outputs } satisfies RunReply;
      });
      // Every event reaches the client before the reply does (they travel on another channel).
      await events.flush();
      if (reply.status === 'error' && reply.error && FATAL.test(reply.error.message)) {
        const reason = `the ${reply.backend} backend cannot continue after ${reply.error.node ? `node '${reply.error.node}' failed` : 'an error'}: ${reply.error.message}`;
        setTimeout(() => this.options.onFatal?.(reason), 0);
      }
      const { value, buffers } = detachTypedArrays(reply);
      return transfer(value, buffers);
    } finally {
      this.runs.delete(request.runId);
      events.release();
    }
  }

  async cancel(runId: string): Promise<void> {
    this.runs.get(runId)?.abort();
  }

  clearCache(): Promise<void> {
    return this.exclusive(async () => this.executor.clear());
  }

  async memory(request?: MemoryRequest): Promise<MemoryInfo> {
    if (!this.info) await this.exclusive(async () => this.info ?? this.start('auto'));
    if (request?.resetPeak) {
      installPeakTracker();
      resetPeak();
    }
    const m = tf.memory();
    const info: MemoryInfo = { numTensors: m.numTensors, numBytes: m.numBytes, backend: tf.getBackend() };
    return peakTrackerInstalled() ? { ...info, peak: currentPeak() } : info;
  }

  /** Pure graph data (no backend, no queue): answered at once, even mid-run. */
  async expand(graph: GraphFile, nodeId: string): Promise<ExpandReply> {
    return expandReply(graph, nodeId);
  }

  /** Pure graph data (no backend, no queue): answered at once, even mid-run. */
  async estimate(graph: GraphFile, targets?: string[]): Promise<GraphEstimate> {
    const parsed = parseGraphFile(graph);
    if (!parsed.graph) return { nodes: [], level: 'ok' };
    try {
      return estimateGraph(parsed.graph, this.options.registry, targets);
    } catch {
      return { nodes: [], level: 'ok' }; // a graph the planner refuses: its run reports why
    }
  }

  /** Switching backends drops the cache: its tensors live on the old one, and results differ by backend. */
  private async start(request: BackendRequest): Promise<BackendInfo> {
    this.executor.clear();
    this.info = await this.options.selectBackend(request);
    return this.info;
  }

  private async execute(request: RunRequest, signal: AbortSignal, emit: (e: RunEvent) => void): Promise<RunResult> {
    // The graph crossed a message boundary: read it as a file (schema, defaults, migrations).
    const parsed = parseGraphFile(request.graph);
    if (!parsed.graph) {
      const issues = parsed.issues;
      const first = issues[0];
      return { status: 'error', seconds: 0, nodes: {}, error: { node: first?.node ?? '', message: first?.message ?? 'invalid graph', path: first?.path ?? [], code: first?.code ?? 'schema', port: first?.port }, issues };
    }
    if (signal.aborted) return { status: 'cancelled', seconds: 0, nodes: {} };
    const pace = this.options.pacer?.();
    return this.executor.run(parsed.graph, { targets: request.targets, signal, onEvent: emit, progressIntervalMs: this.options.progressIntervalMs ?? 100, pace, largeWork: request.largeWork });
  }

  private async summaries(graph: GraphFile, result: RunResult): Promise<Record<string, OutputSummary[]>> {
    const out: Record<string, OutputSummary[]> = {};
    for (const [id, { status }] of Object.entries(result.nodes)) {
      if (status !== 'done' && status !== 'cached') continue;
      const def = this.options.registry.get(graph.nodes.find((n) => n.id === id)?.type ?? '');
      const outputs = this.executor.outputsOf(id);
      if (!def || !outputs) continue;
      try {
        out[id] = await this.options.summarize(def, outputs);
      } catch (e) {
        const text = `could not summarise: ${(e as Error)?.message ?? String(e)}`;
        out[id] = Object.entries(def.outputs).map(([port, decl]) => ({ port, type: portSpec(decl).type, text }));
      }
    }
    return out;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/**
 * Sends run events to the client. Previews are copied and transferred, at most one per
 * node per interval (the executor already throttles progress; this also covers a
 * node's final preview bursts). Progress events are dropped while the client lags
 * behind by `maxPending` (a busy main thread must not pile up a queue); queued, done,
 * error and cancelled events are never dropped, nor a change of phase.
 *
 * A backend phase (setPhase) belongs to the running node: every progress event of that
 * node carries it while it lasts, and each change is sent at once as a progress event
 * with the node's last fraction (without `phase` when it is over).
 */
class EventForwarder {
  private readonly lastPreview = new Map<string, number>();
  private readonly pending = new Set<Promise<unknown>>();
  private running: { node: string; progress: number } | undefined;
  private phase: string | undefined;

  constructor(
    private readonly onEvent: (event: RunEvent) => unknown,
    private readonly intervalMs: number,
    private readonly maxPending: number,
  ) {}

  setPhase(phase: string | undefined): void {
    if (phase === this.phase) return;
    this.phase = phase;
    if (this.running) this.deliver({ type: 'running', ...this.running, ...(phase === undefined ? {} : { phase }) });
  }

  send(event: RunEvent): void {
    if (event.type !== 'running') {
      if (event.node === this.running?.node) this.running = undefined;
      this.deliver(event);
      return;
    }
    this.running = { node: event.node, progress: event.progress };
    if (this.pending.size >= this.maxPending && event.progress < 1) return;
    const phase = this.phase === undefined ? {} : { phase: this.phase };
    let out: RunEvent = { ...event, ...phase };
    if (event.preview !== undefined) {
      const now = performance.now();
      const last = this.lastPreview.get(event.node) ?? -Infinity;
      if (now - last < this.intervalMs && event.progress < 1) {
        out = { type: 'running', node: event.node, progress: event.progress, ...phase };
      } else {
        this.lastPreview.set(event.node, now);
        const { value, buffers } = detachTypedArrays(event.preview);
        out = transfer({ ...event, ...phase, preview: value }, buffers);
      }
    }
    this.deliver(out);
  }

  private deliver(out: RunEvent): void {
    let delivered: unknown;
    try {
      delivered = this.onEvent(out);
    } catch {
      return; // a throwing listener must not stop the run
    }
    if (delivered instanceof Promise) {
      const p = delivered.catch(() => undefined).finally(() => this.pending.delete(p));
      this.pending.add(p);
    }
  }

  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  /** A comlink proxy callback holds a message port open until released. */
  release(): void {
    const release = (this.onEvent as unknown as Record<symbol, unknown>)[releaseProxy];
    if (typeof release === 'function') (release as () => void).call(this.onEvent);
  }
}
