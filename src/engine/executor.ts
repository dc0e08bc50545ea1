import * as tf from '@tensorflow/tfjs';
import { compileBody } from './body';
import { CancelledError, NodeRunError, type ResumeStore, type RunContext } from './context';
import { disposeValues } from './dispose';
import type { GraphIssue, JsonPath } from './errors';
import { checkNodeWork } from './estimate';
import { guardOutputs } from './guards';
import { guardInputs } from './input-guard';
import type { RunError, RunEvent, RunResult } from './events';
import type { WeightStore } from './persist';
import type { GraphFile } from './format';
import type { Values } from './node';
import { planRun, type PlannedNode } from './planner';
import type { NodeRegistry } from './registry';
import { ResultCache } from './result-cache';
import { withTensorScope } from './scope';
import { validateGraph } from './validate';
import { yieldToEventLoop } from './yield';

export interface RunOptions {
  /** Nodes whose results are wanted; default: every node. */
  targets?: readonly string[];
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  /** Minimum milliseconds between two progress events of one node (default 100: ≤ 10 a second). */
  progressIntervalMs?: number;
  /**
   * Called by every checkpoint; a promise it returns is awaited there (then cancel is
   * checked again). The worker uses it on WebGPU to let the GPU catch up with the queued
   * work now and then (workers/gpu-pacer.ts). Must be cheap when it returns undefined.
   */
  pace?: () => Promise<void> | undefined;
  /**
   * Nodes whose work estimate is past the soft bound (estimate.ts): 'refuse' fails them
   * before they run (the CLI without --allow-large, the editor before the user confirms);
   * default 'allow'. Past the hard bound a node is always refused.
   */
  largeWork?: 'allow' | 'refuse';
}

/** Default byte budget of the result cache (tensor bytes plus an estimate for other values). */
export const DEFAULT_CACHE_BYTES = 256 * 2 ** 20;

/**
 * Runs graphs: plans from the targets, caches each node's outputs under its key
 * (type, version, params, seed, input keys) so an edit re-runs only the changed node
 * and what is downstream, reports per-node events, and names the node that failed.
 * Results live in a content-keyed LRU (src/engine/result-cache.ts): any node of any
 * graph with the same key reuses them.
 */
export class Executor {
  private readonly results: ResultCache;
  /** Node id → cache key of the latest run; its entries stay pinned until the next run starts. */
  private readonly latest = new Map<string, string>();
  private running = false;
  /** RunOptions.largeWork of the run in progress. */
  private largeWork: 'allow' | 'refuse' = 'allow';

  constructor(
    readonly registry: NodeRegistry,
    private readonly weights?: WeightStore,
    cacheBytes = DEFAULT_CACHE_BYTES,
  ) {
    this.results = new ResultCache(cacheBytes);
  }

  /** The outputs of a node of the latest run (cached or computed). */
  outputsOf(nodeId: string): Values | undefined {
    const key = this.latest.get(nodeId);
    return key === undefined ? undefined : this.results.peek(key);
  }

  keyOf(nodeId: string): string | undefined {
    return this.latest.get(nodeId);
  }

  /** Bytes the result cache holds (estimated) and its entries. */
  cacheUsage(): { bytes: number; entries: number; maxBytes: number } {
    return { bytes: this.results.bytes, entries: this.results.size, maxBytes: this.results.maxBytes };
  }

  /** Dispose every cached result. */
  clear(): void {
    this.releaseLatest();
    this.results.clear();
  }

  /** The latest run's results become evictable (least recently used first). */
  private releaseLatest(): void {
    for (const key of this.latest.values()) this.results.unpin(key);
    this.latest.clear();
    this.results.evict();
  }

  /**
   * A result this run uses, found cached (`outputs` undefined) or just made: pinned once
   * per node until the next run starts, so eviction never disposes it under the run.
   */
  private hold(p: PlannedNode, outputs?: Values): void {
    if (outputs) this.results.set(p.key, outputs, true);
    else this.results.pin(p.key);
    this.latest.set(p.id, p.key);
  }

  async run(graph: GraphFile, options: RunOptions = {}): Promise<RunResult> {
    if (this.running) throw new Error('a run is already in progress on this executor');
    this.running = true;
    try {
      return await this.runUnguarded(graph, options);
    } finally {
      this.running = false;
    }
  }

  private async runUnguarded(graph: GraphFile, options: RunOptions): Promise<RunResult> {
    const started = performance.now();
    const emit = options.onEvent ?? (() => {});
    const signal = options.signal ?? new AbortController().signal;
    this.largeWork = options.largeWork ?? 'allow';
    const validation = validateGraph(graph, this.registry);
    const issues = [...validation.issues];
    for (const target of options.targets ?? []) {
      if (!validation.nodes.has(target)) issues.push({ code: 'unknown-target', node: target, path: [], message: `there is no node '${target}' to run` });
    }
    if (issues.length) return invalid(issues, started);

    const plan = planRun(validation.nodes, graph.seed, options.targets);
    const planIssues = plan.flatMap((p) => validation.nodeIssues.get(p.id) ?? []);
    if (planIssues.length) return invalid(planIssues, started);

    this.releaseLatest();
    for (const p of plan) emit({ type: 'queued', node: p.id });

    const nodes: RunResult['nodes'] = {};
    for (const [i, p] of plan.entries()) {
      if (this.results.get(p.key)) {
        this.hold(p);
        nodes[p.id] = { status: 'cached' };
        emit({ type: 'cached', node: p.id });
        continue;
      }
      const t0 = performance.now();
      try {
        if (signal.aborted) throw new CancelledError();
        const restored = await this.restore(p, signal);
        if (restored) {
          this.hold(p, restored);
          nodes[p.id] = { status: 'cached' };
          emit({ type: 'cached', node: p.id, from: 'storage' });
          continue;
        }
        const outputs = await this.runNode(p, signal, emit, options.progressIntervalMs ?? 100, options.pace);
        await this.save(p, outputs);
        const seconds = (performance.now() - t0) / 1000;
        this.hold(p, outputs);
        nodes[p.id] = { status: 'done', seconds };
        emit({ type: 'done', node: p.id, seconds });
      } catch (e) {
        for (const rest of plan.slice(i + 1)) nodes[rest.id] = { status: 'skipped' };
        const seconds = (performance.now() - started) / 1000;
        if (e instanceof CancelledError || signal.aborted) {
          nodes[p.id] = { status: 'cancelled' };
          emit({ type: 'cancelled', node: p.id });
          return { status: 'cancelled', seconds, nodes };
        }
        const error = runError(graph, p.id, p.resolved.def.type, e);
        nodes[p.id] = { status: 'error' };
        emit({ type: 'error', ...error });
        return { status: 'error', seconds, nodes, error };
      }
    }
    return { status: 'done', seconds: (performance.now() - started) / 1000, nodes };
  }

  private async runNode(p: PlannedNode, signal: AbortSignal, emit: (e: RunEvent) => void, intervalMs: number, pace: RunOptions['pace']): Promise<Values> {
    const { def, params } = p.resolved;
    const inputs = this.inputsOf(p);
    const ctx = this.context(p, signal, emit, intervalMs, pace);
    if (p.resolved.body) ctx.body = compileBody(p.resolved.body, ctx);
    emit({ type: 'running', node: p.id, progress: 0 });
    guardInputs(def, inputs);
    checkNodeWork(p.id, def, params, inputs, this.largeWork === 'allow');
    return withTensorScope(async () => {
      const outputs = await def.run(inputs as never, params, ctx);
      try {
        for (const port of Object.keys(def.outputs)) {
          if (!(port in outputs)) throw new NodeRunError(`produced no value for its output '${port}'`, port, 'no-output');
        }
        await guardOutputs(def, outputs);
      } catch (e) {
        disposeValues(outputs);
        throw e;
      }
      return outputs;
    });
  }

  /** The values on a planned node's inputs, from the cached outputs upstream. */
  private inputsOf(p: PlannedNode): Values {
    const inputs: Values = {};
    for (const [port, edge] of p.resolved.inputs) {
      const source = this.outputsOf(edge.source);
      if (!source || !(edge.sourcePort in source)) throw new NodeRunError(`input '${port}': node '${edge.source}' produced no output '${edge.sourcePort}'`, port);
      inputs[port] = source[edge.sourcePort];
    }
    return inputs;
  }

  /** The RunContext of one node: its seed, throttled progress events, and cancel checkpoints. */
  private context(p: PlannedNode, signal: AbortSignal, emit: (e: RunEvent) => void, intervalMs: number, pace?: RunOptions['pace']): RunContext {
    let lastProgress = -Infinity;
    let lastYield = performance.now();
    return {
      signal,
      seed: p.seed,
      nodeId: p.id,
      backend: tf.getBackend(),
      progress: (fraction, preview) => {
        const now = performance.now();
        if (now - lastProgress < intervalMs && fraction < 1) return;
        lastProgress = now;
        emit({ type: 'running', node: p.id, progress: Math.min(1, Math.max(0, fraction)), preview });
      },
      checkpoint: async () => {
        if (signal.aborted) throw new CancelledError();
        const paced = pace?.();
        if (paced) {
          await paced;
          if (signal.aborted) throw new CancelledError();
        }
        // Yield only every ~15 ms: a macrotask per step would cost more than many steps.
        if (performance.now() - lastYield < 15) return;
        await yieldToEventLoop();
        lastYield = performance.now();
        if (signal.aborted) throw new CancelledError();
      },
      resumeStore: this.resumeStore(p),
    };
  }

  /**
   * A training node's stopped state in the weight store, beside its trained result (under its
   * cache key + '#resume'): Stop keeps where training stood, and the next run of the same node
   * continues from there. A store that fails reads as "nothing saved" and drops the save.
   */
  private resumeStore(p: PlannedNode): ResumeStore | undefined {
    const store = this.weights;
    if (!store || !p.resolved.def.persist) return undefined;
    const key = `${p.key}#resume`;
    return {
      load: () => store.get(key).catch(() => undefined),
      save: (state) => store.put(key, state).catch(() => undefined),
      // The store has no delete: an empty entry replaces the state (megabytes for a U-Net).
      clear: () => store.put(key, { tensors: {}, config: {} }).catch(() => undefined),
    };
  }

  /** A trained node's outputs rebuilt from the weight store, or undefined (not stored, or unusable). */
  private async restore(p: PlannedNode, signal: AbortSignal): Promise<Values | undefined> {
    const persist = p.resolved.def.persist;
    if (!persist || !this.weights) return undefined;
    const stored = await this.weights.get(p.key).catch(() => undefined);
    if (!stored) return undefined;
    try {
      const inputs = this.inputsOf(p);
      const ctx = this.context(p, signal, () => {}, 0);
      return await withTensorScope(async () => persist.restore(stored, inputs, p.resolved.params as never, ctx));
    } catch {
      return undefined; // stale or damaged weights: train again
    }
  }

  /** Keep a trained node's result; a storage failure never fails the run. */
  private async save(p: PlannedNode, outputs: Values): Promise<void> {
    const persist = p.resolved.def.persist;
    if (!persist?.save || !this.weights) return;
    try {
      await this.weights.put(p.key, await persist.save(outputs));
    } catch {
      // quota, private mode: the result stays in this session's cache
    }
  }

}

function invalid(issues: GraphIssue[], started: number): RunResult {
  const first = issues[0];
  return {
    status: 'error',
    seconds: (performance.now() - started) / 1000,
    nodes: {},
    error: { node: first.node ?? '', message: first.message, port: first.port, path: first.path, code: first.code },
    issues,
  };
}

/** A node's failure as data: its code, port and body node, and its JSON path in the file. */
function runError(graph: GraphFile, nodeId: string, type: string, e: unknown): RunError {
  const failure = e instanceof NodeRunError ? e : undefined;
  const index = graph.nodes.findIndex((n) => n.id === nodeId);
  const path: JsonPath = index < 0 ? [] : ['nodes', index];
  const bodyIndex = failure?.bodyNode === undefined ? -1 : (graph.nodes[index]?.body?.nodes.findIndex((n) => n.id === failure.bodyNode) ?? -1);
  if (bodyIndex >= 0) path.push('body', 'nodes', bodyIndex);
  return {
    node: nodeId,
    ...(failure?.bodyNode === undefined ? {} : { bodyNode: failure.bodyNode }),
    ...(failure?.port === undefined ? {} : { port: failure.port }),
    path,
    code: failure?.code ?? 'failed',
    message: `${nodeId} (${type}): ${(e as Error)?.message ?? String(e)}`,
  };
}
