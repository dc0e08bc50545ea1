import { compileBody } from './body';
import { CancelledError, NodeRunError, type RunContext } from './context';
import type { RunEvent, RunResult } from './events';
import type { WeightStore } from './persist';
import type { GraphFile } from './format';
import type { Values } from './node';
import { nodeContext } from './node-context';
import { planRun, type PlannedNode } from './planner';
import type { NodeRegistry } from './registry';
import { ResultCache } from './result-cache';
import { invalidRun, runError } from './run-failure';
import { runGuarded } from './run-node';
import { TrainedResults } from './trained-results';
import { validateGraph } from './validate';

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
  private readonly trained: TrainedResults;

  constructor(
    readonly registry: NodeRegistry,
    weights?: WeightStore,
    cacheBytes = DEFAULT_CACHE_BYTES,
  ) {
    this.results = new ResultCache(cacheBytes);
    this.trained = new TrainedResults(weights);
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
    if (issues.length) return invalidRun(issues, started);

    const plan = planRun(validation.nodes, graph.seed, options.targets);
    const planIssues = plan.flatMap((p) => validation.nodeIssues.get(p.id) ?? []);
    if (planIssues.length) return invalidRun(planIssues, started);

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
        const restored = await this.trained.restore(p, signal, (q) => this.inputsOf(q));
        if (restored) {
          this.hold(p, restored);
          nodes[p.id] = { status: 'cached' };
          emit({ type: 'cached', node: p.id, from: 'storage' });
          continue;
        }
        const outputs = await this.runNode(p, signal, emit, options.progressIntervalMs ?? 100, options.pace);
        await this.trained.save(p, outputs);
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
    const inputs = this.inputsOf(p);
    const ctx = this.context(p, signal, emit, intervalMs, pace);
    if (p.resolved.body) ctx.body = compileBody(p.resolved.body, ctx);
    emit({ type: 'running', node: p.id, progress: 0 });
    return runGuarded(p.id, p.resolved.def, inputs, p.resolved.params, ctx, this.largeWork === 'allow');
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

  /** The RunContext of one node (node-context.ts), with its training's resume store. */
  private context(p: PlannedNode, signal: AbortSignal, emit: (e: RunEvent) => void, intervalMs: number, pace?: RunOptions['pace']): RunContext {
    return nodeContext(p, { signal, emit, intervalMs, pace, resumeStore: this.trained.resumeStore(p) });
  }
}
