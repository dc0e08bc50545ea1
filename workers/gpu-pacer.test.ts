import { describe, expect, it } from 'vitest';
import { GpuPacer, webgpuFence, type WebGpuBackendLike } from './gpu-pacer';

/**
 * A GPU on a fake clock: work is queued as the loop enqueues it and runs in order; a fence
 * resolves `latencyMs` after the GPU has finished everything queued before it.
 */
class FakeGpu {
  now = 0;
  /** When the GPU will have finished all work queued so far. */
  busyUntil = 0;
  private fences: { at: number; resolve: () => void }[] = [];

  enqueue(workMs: number): void {
    this.busyUntil = Math.max(this.busyUntil, this.now) + workMs;
  }

  backlog(): number {
    return Math.max(0, this.busyUntil - this.now);
  }

  constructor(private readonly latencyMs = 0.5) {}

  fence = (): Promise<void> =>
    new Promise((resolve) => {
      this.fences.push({ at: Math.max(this.busyUntil, this.now) + this.latencyMs, resolve });
    });

  /** Let time pass until `wait` settles, resolving fences in order as the clock reaches them. */
  async until(wait: Promise<void>): Promise<void> {
    let settled = false;
    const done = wait.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      await Promise.resolve();
      await Promise.resolve();
      if (settled) break;
      this.fences.sort((a, b) => a.at - b.at);
      const next = this.fences.shift();
      if (!next) throw new Error('waiting on a fence that was never asked for');
      this.now = Math.max(this.now, next.at);
      next.resolve();
    }
    await done;
    return wait;
  }
}

interface LoopRun {
  /** Wall time of the loop (ms on the fake clock) and of the GPU work it queued. */
  wallMs: number;
  gpuMs: number;
  /** Largest backlog seen at any step. */
  maxBacklog: number;
  /** Per progress report: steps the loop had queued and steps the GPU had finished. */
  reports: { queued: number; finished: number }[];
  pacer: GpuPacer;
  /** Backlog at the moment the loop stopped. */
  leftMs: number;
  stoppedAt: number;
}

/**
 * A sampler loop: each step costs `jsMs` of JavaScript and queues `gpuMs` of GPU work, then
 * reports progress and calls the checkpoint hook. `stopAt` aborts at that clock time (the
 * loop stops at its next checkpoint, as the executor's does).
 */
async function loop(steps: number, jsMs: number, gpuMs: number, options: { stopAt?: number; aheadMs?: number } = {}): Promise<LoopRun> {
  const gpu = new FakeGpu();
  const pacer = new GpuPacer({ now: () => gpu.now, fence: gpu.fence, aheadMs: options.aheadMs });
  const ends: number[] = [];
  const reports: LoopRun['reports'] = [];
  let maxBacklog = 0;
  let step = 0;
  for (; step < steps; step++) {
    gpu.now += jsMs;
    gpu.enqueue(gpuMs);
    ends.push(gpu.busyUntil);
    maxBacklog = Math.max(maxBacklog, gpu.backlog());
    reports.push({ queued: step + 1, finished: ends.filter((t) => t <= gpu.now).length });
    if (options.stopAt !== undefined && gpu.now >= options.stopAt) break;
    const wait = pacer.pace();
    if (wait) await gpu.until(wait);
    if (options.stopAt !== undefined && gpu.now >= options.stopAt) break;
  }
  const stoppedAt = gpu.now;
  return { wallMs: Math.max(gpu.now, gpu.busyUntil), gpuMs: steps * gpuMs, maxBacklog, reports, pacer, leftMs: gpu.backlog(), stoppedAt };
}

describe('GpuPacer (keeps the WebGPU queue short at checkpoints)', () => {
  it('a GPU 20× slower than the loop: the backlog stays under aheadMs, the GPU never idles, progress follows finished steps', async () => {
    // The software adapter measured: a DDPM step is ~2 ms of JavaScript and ~35 ms of GPU work.
    const r = await loop(300, 2, 35);
    // Without pacing the loop would queue all 300 steps (10.5 s of GPU work) in 0.6 s.
    // The peak backlog is the work of two stretches of aheadMs/2 each; a stretch ends at the
    // first checkpoint after it is due, so each may hold one step more: 100 + 2·35 ms.
    expect(r.maxBacklog).toBeLessThanOrEqual(100 + 2 * 35); // measured: 135.5
    // The loop waits on the fence of the previous stretch, so the GPU always has work:
    // the run takes the GPU's time plus the first step's JavaScript.
    expect(r.wallMs).toBeCloseTo(r.gpuMs + 2, 6);
    // Every report is at most the backlog's worth of steps (170 ms / 35 ms → 4) ahead of the GPU.
    for (const { queued, finished } of r.reports) expect(queued - finished).toBeLessThanOrEqual(4);
    // And the fences are not a per-step cost: one per ~50 ms of GPU time at most.
    expect(r.pacer.stats.fences).toBeLessThanOrEqual(r.gpuMs / 35 + 1);
  });

  it('stops soon after a cancel: at most ~aheadMs of queued GPU work is left when the loop stops', async () => {
    const r = await loop(1000, 2, 35, { stopAt: 3000 });
    // Without pacing all 1000 steps (35 s of GPU work) would be queued by then. With it, the
    // loop sees the cancel at its next checkpoint, after at most one wait (the backlog bound
    // above), and leaves at most that bound queued.
    expect(r.stoppedAt - 3000).toBeLessThanOrEqual(100 + 2 * 35);
    expect(r.leftMs).toBeLessThanOrEqual(100 + 2 * 35);
  });

  it('a GPU faster than the loop is never waited for, and fenced only every maxIntervalMs', async () => {
    const r = await loop(2000, 1, 0.5);
    expect(r.pacer.stats.waitedMs).toBe(0);
    // 2000 ms of loop; intervals 2, 4, …, 64 (63 ms) then every 100 ms: 6 + ⌊1937/100⌋ fence points.
    expect(r.pacer.stats.fences).toBe(6 + 19);
    expect(r.wallMs).toBeCloseTo(2000 + 0.5, 6); // the last step's GPU work ends after the loop
  });

  it('follows a GPU that speeds up (shader compilation over): the first long wait shrinks the stretch, later short ones grow it back', async () => {
    const gpu = new FakeGpu(0);
    const pacer = new GpuPacer({ now: () => gpu.now, fence: gpu.fence });
    // First step: 2 ms of JavaScript, then a 1 s compile before its work runs.
    gpu.now = 2;
    gpu.enqueue(1000);
    expect(pacer.pace()).toBeUndefined(); // first fence point: nothing earlier to wait for
    gpu.now = 4;
    gpu.enqueue(1);
    const wait = pacer.pace()!;
    expect(wait).toBeInstanceOf(Promise);
    expect(pacer.pace()).toBe(wait); // a second call while waiting gets the same wait
    await gpu.until(wait);
    expect(gpu.now).toBe(1002); // the first fence's end, not the second one's
    expect(pacer.stats).toEqual({ fences: 2, waitedMs: 998 });
    // Then quick steps: the stretch grows twofold per fence point up to maxIntervalMs.
    const stretches: number[] = [];
    let last = gpu.now;
    for (let k = 0; k < 400; k++) {
      gpu.now += 1;
      gpu.enqueue(0.1);
      const before = pacer.stats.fences;
      const w = pacer.pace();
      if (w) await gpu.until(w);
      if (pacer.stats.fences > before) {
        stretches.push(gpu.now - last);
        last = gpu.now;
      }
    }
    expect(stretches.slice(0, 7)).toEqual([2, 4, 8, 16, 32, 64, 100]);
  });

  it('a failing fence fails the checkpoint that waits on it', async () => {
    let now = 0;
    const fences = [Promise.reject(new Error('GPUDevice was lost')), new Promise<void>(() => undefined)];
    const pacer = new GpuPacer({ now: () => now, fence: () => fences.shift()! });
    now = 5;
    expect(pacer.pace()).toBeUndefined();
    now = 10;
    await expect(pacer.pace()).rejects.toThrow('GPUDevice was lost');
  });
});

describe('webgpuFence', () => {
  const backend = (encoded: boolean) => {
    const calls: string[] = [];
    const b: WebGpuBackendLike = {
      commandEncoder: encoded ? {} : null,
      endComputePassEncoder: () => calls.push('end pass'),
      submitQueue: () => {
        calls.push('submit');
        b.commandEncoder = null;
      },
      device: { queue: { onSubmittedWorkDone: async () => void calls.push('work done?') } },
    };
    return { b, calls };
  };

  it('submits what tfjs has encoded, then asks the queue for the end of all submitted work', async () => {
    const { b, calls } = backend(true);
    await webgpuFence(b)();
    expect(calls).toEqual(['end pass', 'submit', 'work done?']);
  });

  it('with nothing encoded it only asks the queue', async () => {
    const { b, calls } = backend(false);
    await webgpuFence(b)();
    expect(calls).toEqual(['work done?']);
  });
});
