import { proxy, wrap, type Endpoint, type Remote } from 'comlink';
import type { BackendInfo, BackendRequest, EngineApi, ExpandReply, MemoryInfo, MemoryRequest, RunReply } from '../engine/api';
import type { GraphEstimate } from '../engine/estimate';
import type { RunEvent } from '../engine/events';
import type { GraphFile, GraphFileInput } from '../engine/format';

/** A worker as the client needs it: a comlink endpoint that reports 'error' and can be terminated. */
export interface EngineWorker extends Endpoint {
  terminate(): void;
}

export type EngineStatus =
  | { state: 'starting'; generation: number }
  | { state: 'ready'; generation: number; backend: BackendInfo }
  | { state: 'restarted'; generation: number; reason: string }
  | { state: 'failed'; generation: number; reason: string };

export interface EngineClientOptions {
  /** Make the worker; default: the Vite way, from workers/engine.worker.ts. */
  createWorker?: () => EngineWorker;
  /** Called when the worker died (or would not stop) and a new one replaced it. The cache is gone. */
  onRestart?: (reason: string) => void;
  /** Every change of the engine's state, for the toolbar. */
  onStatus?: (status: EngineStatus) => void;
  /** How long a cancelled run may take to stop before its worker is terminated and replaced (ms, default 10 000: a first WebGPU step may compile shaders for seconds without yielding). */
  cancelGraceMs?: number;
  /** More restarts than this within a minute mean the worker cannot start at all: stop trying (default 3). */
  maxRestartsPerMinute?: number;
}

export interface ClientRunOptions {
  targets?: string[];
  /** Per-node events, progress and previews (typed arrays, transferred). */
  onEvent?: (event: RunEvent) => void;
  /** Default: a fresh id. */
  runId?: string;
  /** Nodes past the soft bound of their work estimate: 'allow' once the user confirmed (RunRequest.largeWork). */
  largeWork?: 'allow' | 'refuse';
}

export interface RunHandle {
  runId: string;
  /** The reply; a run stopped by terminating its worker resolves as 'cancelled'. */
  result: Promise<RunReply>;
  cancel(): Promise<void>;
}

/** The worker died while a call was waiting for it. */
export class EngineWorkerLost extends Error {
  constructor(reason: string) {
    super(`the engine worker stopped (${reason}); a new one was started`);
    this.name = 'EngineWorkerLost';
  }
}

interface Generation {
  id: number;
  worker: EngineWorker;
  api: Remote<EngineApi>;
  /** Rejects when this worker is lost: every call races it, so none waits forever. */
  lost: Promise<never>;
  loseWith(reason: string): void;
  dead: boolean;
}

interface ActiveRun {
  generation: Generation;
  timer?: ReturnType<typeof setTimeout>;
  hardStopped: boolean;
}

function viteWorker(): EngineWorker {
  return new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
}

/**
 * The editor's one handle on the engine: a typed client of the engine worker. It keeps
 * the worker alive: when the worker dies, or a cancelled run will not stop, it makes a
 * new one (re-initialised with the last backend request), rejects the calls that were
 * waiting, and says so through `onRestart` and `onStatus`.
 */
export class EngineClient {
  private gen!: Generation;
  private generations = 0;
  private requested: BackendRequest | undefined;
  private info: BackendInfo | undefined;
  private readonly active = new Map<string, ActiveRun>();
  private readonly restartTimes: number[] = [];
  private broken: string | undefined;
  private runCounter = 0;

  static create(options: EngineClientOptions = {}): EngineClient {
    return new EngineClient(options);
  }

  constructor(private readonly options: EngineClientOptions = {}) {
    this.spawn();
  }

  /** What runs now and why (after init). */
  get backend(): BackendInfo | undefined {
    return this.info;
  }

  /** How many times the worker was replaced. */
  get restarts(): number {
    return this.generations - 1;
  }

  async init(backend: BackendRequest = 'auto'): Promise<BackendInfo> {
    this.requested = backend;
    const gen = this.gen;
    try {
      const info = await this.call((api) => api.init(backend));
      this.info = info;
      if (gen === this.gen) this.options.onStatus?.({ state: 'ready', generation: gen.id, backend: info });
      return info;
    } catch (e) {
      if (gen === this.gen && !(e instanceof EngineWorkerLost)) this.options.onStatus?.({ state: 'failed', generation: gen.id, reason: (e as Error).message });
      throw e;
    }
  }

  run(graph: GraphFile | GraphFileInput, options: ClientRunOptions = {}): RunHandle {
    const runId = options.runId ?? `run-${++this.runCounter}-${Date.now().toString(36)}`;
    const listener = options.onEvent;
    const callback = proxy((event: RunEvent) => listener?.(event));
    const active: ActiveRun = { generation: this.gen, hardStopped: false };
    this.active.set(runId, active);
    const started = performance.now();
    const result = this.call((api) => api.run({ runId, graph: graph as GraphFile, targets: options.targets, largeWork: options.largeWork }, callback))
      .catch((e: unknown): RunReply => {
        if (!active.hardStopped) throw e;
        const seconds = (performance.now() - started) / 1000;
        return { runId, status: 'cancelled', seconds, nodes: {}, outputs: {}, backend: this.info?.backend ?? 'unknown' };
      })
      .finally(() => {
        clearTimeout(active.timer);
        this.active.delete(runId);
      });
    return { runId, result, cancel: () => this.cancel(runId) };
  }

  /**
   * Ask the worker to stop a run (nodes see it at their next checkpoint). If the run has
   * not ended `cancelGraceMs` later, the worker is terminated and replaced: the hard stop.
   */
  async cancel(runId: string): Promise<void> {
    const active = this.active.get(runId);
    if (!active) return;
    active.timer ??= setTimeout(() => {
      if (!this.active.has(runId)) return;
      active.hardStopped = true;
      this.lose(active.generation, `run ${runId} did not stop within ${this.options.cancelGraceMs ?? 10_000} ms of its cancel, so its worker was terminated`);
    }, this.options.cancelGraceMs ?? 10_000);
    await this.call((api) => api.cancel(runId)).catch(() => undefined);
  }

  clearCache(): Promise<void> {
    return this.call((api) => api.clearCache());
  }

  memory(request?: MemoryRequest): Promise<MemoryInfo> {
    return this.call((api) => api.memory(request));
  }

  expand(graph: GraphFile, nodeId: string): Promise<ExpandReply> {
    // comlink's Remote<> maps a union reply member by member: read it back as the union.
    return this.call(async (api) => (await api.expand(graph, nodeId)) as ExpandReply);
  }

  /** Work and memory estimates of a run of `targets` before it starts (the worker answers at once, even mid-run). */
  estimate(graph: GraphFile, targets?: string[]): Promise<GraphEstimate> {
    return this.call((api) => api.estimate(graph, targets));
  }

  /** Replace the worker now (a UI's "reset engine"), also after the client gave up restarting. */
  restart(reason = 'restart requested'): void {
    this.broken = undefined;
    this.restartTimes.length = 0;
    this.lose(this.gen, reason, true);
  }

  /** Terminate the worker for good. */
  dispose(): void {
    this.broken = 'the client was disposed';
    this.gen.dead = true;
    this.gen.loseWith(this.broken);
    this.gen.worker.terminate();
  }

  private spawn(): void {
    const id = ++this.generations;
    let loseWith!: (reason: string) => void;
    const lost = new Promise<never>((_, reject) => {
      loseWith = (reason) => reject(new EngineWorkerLost(reason));
    });
    lost.catch(() => undefined);
    this.options.onStatus?.({ state: 'starting', generation: id });
    const worker = (this.options.createWorker ?? viteWorker)();
    const gen: Generation = { id, worker, api: wrap<EngineApi>(worker), lost, loseWith, dead: false };
    worker.addEventListener('error', (event) => {
      const message = (event as ErrorEvent).message;
      this.lose(gen, message ? `uncaught error in the worker: ${message}` : 'the worker failed to load or crashed');
    });
    this.gen = gen;
  }

  private lose(gen: Generation, reason: string, requested = false): void {
    if (gen !== this.gen || gen.dead) return;
    gen.dead = true;
    gen.loseWith(reason);
    gen.worker.terminate();
    const now = Date.now();
    this.restartTimes.push(now);
    while (this.restartTimes[0] < now - 60_000) this.restartTimes.shift();
    if (!requested && this.restartTimes.length > (this.options.maxRestartsPerMinute ?? 3)) {
      this.broken = `the engine worker keeps failing (${reason}); not restarting it again`;
      this.options.onStatus?.({ state: 'failed', generation: gen.id, reason: this.broken });
      return;
    }
    this.info = undefined;
    this.spawn();
    this.options.onRestart?.(reason);
    this.options.onStatus?.({ state: 'restarted', generation: this.gen.id, reason });
    if (this.requested !== undefined) this.init(this.requested).catch(() => undefined);
  }

  private call<T>(fn: (api: Remote<EngineApi>) => Promise<T>): Promise<T> {
    if (this.broken) return Promise.reject(new Error(this.broken));
    const gen = this.gen;
    return Promise.race([fn(gen.api), gen.lost]);
  }
}
