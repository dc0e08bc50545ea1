import * as tf from '@tensorflow/tfjs';
import { CancelledError, type ResumeStore, type RunContext } from './context';
import type { RunEvent } from './events';
import type { PlannedNode } from './planner';
import { yieldToEventLoop } from './yield';

export interface NodeContextOptions {
  signal: AbortSignal;
  emit: (event: RunEvent) => void;
  /** Minimum milliseconds between two progress events (a fraction of 1 always goes out). */
  intervalMs: number;
  /** Awaited at checkpoints when it returns a promise (RunOptions.pace). */
  pace?: () => Promise<void> | undefined;
  resumeStore?: ResumeStore;
}

/** The RunContext of one planned node: its seed, throttled progress events, and cancel checkpoints. */
export function nodeContext(p: PlannedNode, { signal, emit, intervalMs, pace, resumeStore }: NodeContextOptions): RunContext {
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
    resumeStore,
  };
}
