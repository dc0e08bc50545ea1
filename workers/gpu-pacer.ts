/**
 * Keeping the WebGPU queue short. tfjs-webgpu only encodes and submits work: a sampler's
 * JavaScript loop runs far ahead of the GPU (on the software adapter a 200-step run queued
 * all its steps in 0.3 s of its 7 s), so its progress reached 100 % long before the work
 * was done, and a cancel found nothing left to stop: the queued steps ran on, and the next
 * read (the reply's summaries) waited for all of them.
 *
 * The pacer is the run's checkpoint hook (RunOptions.pace). Now and then (a fence point) it
 * submits what tfjs has encoded and asks the device for a fence: a promise of the end of
 * all work submitted so far (no data is read back). It then waits for the fence of the
 * previous fence point, not the new one: the GPU keeps the work of the last stretch to
 * chew on meanwhile, so it never idles for the fence's round trip.
 *
 * How long a stretch is comes from the waits. Say the GPU takes r ms per ms of enqueueing.
 * Waiting at the end of stretch k+1 for the fence of stretch k's end takes W = r·J_k − J_{k+1}
 * (the GPU began stretch k's work when we resumed; it has had J_{k+1} since), so
 * r ≈ (J_{k+1} + W)/J_k. The backlog peaks just before a fence point at r·J_k + (r − 1)·J_{k+1};
 * stretches of aheadMs/(2r) keep it under aheadMs. A GPU that keeps up (W = 0) is never
 * waited for, and the stretch doubles per fence point up to maxIntervalMs.
 */

export interface PacerOptions {
  /** Milliseconds, monotonic (performance.now). */
  now(): number;
  /** Submit the work encoded so far; resolve once the GPU has finished all submitted work. */
  fence(): Promise<void>;
  /** The most GPU work (in ms of the GPU's time) to leave queued ahead of the loop (default 100). */
  aheadMs?: number;
  /** Longest stretch of enqueueing between two fence points (ms, default 100). */
  maxIntervalMs?: number;
  /** Shortest stretch, and the first (ms, default 2). */
  minIntervalMs?: number;
}

export interface PacerStats {
  /** Fence points passed. */
  fences: number;
  /** Milliseconds spent waiting on fences. */
  waitedMs: number;
}

export class GpuPacer {
  /** Enqueueing time after which the next fence point is due. */
  private intervalMs: number;
  /** When the current stretch began (the end of the last fence point). */
  private since: number;
  /** The fence of the last fence point, still to wait for, and the stretch that ended there. */
  private previous: Promise<void> | undefined;
  private previousStretchMs = 0;
  private waiting: Promise<void> | undefined;
  private readonly aheadMs: number;
  private readonly maxIntervalMs: number;
  private readonly minIntervalMs: number;
  readonly stats: PacerStats = { fences: 0, waitedMs: 0 };

  constructor(private readonly options: PacerOptions) {
    this.aheadMs = options.aheadMs ?? 100;
    this.maxIntervalMs = options.maxIntervalMs ?? 100;
    this.minIntervalMs = options.minIntervalMs ?? 2;
    this.intervalMs = this.minIntervalMs;
    this.since = options.now();
  }

  /** The checkpoint hook: undefined (go on) until a fence point is due, then the wait to await. */
  readonly pace = (): Promise<void> | undefined => {
    if (this.waiting) return this.waiting;
    const start = this.options.now();
    const enqueued = start - this.since;
    if (enqueued < this.intervalMs) return undefined;
    this.stats.fences++;
    const previous = this.previous;
    const previousStretch = this.previousStretchMs;
    const fence = this.options.fence();
    // Awaited at the next fence point; a rejection no one awaits (the run ended) is dropped.
    fence.catch(() => undefined);
    this.previous = fence;
    this.previousStretchMs = enqueued;
    if (!previous) {
      this.since = start;
      return undefined;
    }
    this.waiting = previous.then(
      () => {
        const end = this.options.now();
        this.learn(previousStretch, enqueued, end - start);
        this.stats.waitedMs += end - start;
        this.since = end;
        this.waiting = undefined;
      },
      (e: unknown) => {
        this.waiting = undefined;
        throw e;
      },
    );
    return this.waiting;
  };

  /** The next stretch: aheadMs/(2r) with r = (J_{k+1} + W)/J_k, growing at most twofold per fence point (one quick fence proves little). */
  private learn(previousMs: number, enqueuedMs: number, waitedMs: number): void {
    const fit = waitedMs > 0 ? (this.aheadMs * previousMs) / (2 * (enqueuedMs + waitedMs)) : Infinity;
    this.intervalMs = Math.max(this.minIntervalMs, Math.min(fit, 2 * this.intervalMs, this.maxIntervalMs));
  }
}

/** The few members of tfjs-webgpu's backend the fence uses (4.22: backend_webgpu.js). */
export interface WebGpuBackendLike {
  /** The encoder of the work not yet submitted (null when none). */
  commandEncoder: unknown;
  endComputePassEncoder(): void;
  /** Submits the encoder and releases buffers freed meanwhile. */
  submitQueue(): void;
  device: { queue: { onSubmittedWorkDone(): Promise<unknown> } };
}

/**
 * A fence on tfjs-webgpu: submit the pending command encoder as tfjs itself does before a
 * read (tfjs batches WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE dispatches per submit), then wait
 * for the device queue to finish everything submitted.
 */
export function webgpuFence(backend: WebGpuBackendLike): () => Promise<void> {
  return async () => {
    if (backend.commandEncoder) {
      backend.endComputePassEncoder();
      backend.submitQueue();
    }
    await backend.device.queue.onSubmittedWorkDone();
  };
}
