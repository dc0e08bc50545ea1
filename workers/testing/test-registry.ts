import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { add, constant, fail, noise, sched, slow } from '../../src/engine/__fixtures__/test-nodes';
import { defineNode } from '../../src/engine/node';
import { NodeRegistry } from '../../src/engine/registry';

/** Blocks its thread without ever yielding: only terminating the worker stops it. */
export const stuck = defineNode({
  type: 'test/stuck', version: 1, title: 'Stuck', category: 'sampler',
  inputs: {}, outputs: { x: 'tensor' },
  params: z.object({ ms: z.number().int().min(1).max(60_000).default(10_000) }),
  docs: { summary: 'busy-waits without checkpoints' },
  run: (_i, p) => {
    const end = Date.now() + p.ms;
    while (Date.now() < end) {
      // spin
    }
    return { x: tf.zeros([1, 1]) };
  },
});

/** Reports progress with a scatter preview every step, as fast as it can. */
export const chatty = defineNode({
  type: 'test/chatty', version: 1, title: 'Chatty', category: 'view',
  inputs: {}, outputs: { x: 'tensor' },
  params: z.object({ steps: z.number().int().min(1).max(100_000).default(400), points: z.number().int().min(1).max(4096).default(64) }),
  docs: { summary: 'progress with previews at every step' },
  run: async (_i, p, ctx) => {
    const start = performance.now();
    for (let k = 0; k < p.steps; k++) {
      ctx.progress(k / p.steps, { kind: 'scatter', points: new Float32Array(2 * p.points).fill(k) });
      await ctx.checkpoint();
      // ~1 ms a step, so the run lasts long enough for throttling to show.
      while (performance.now() - start < k + 1) await new Promise((r) => setTimeout(r, 0));
    }
    return { x: tf.zeros([1, 1]) };
  },
});

/** Fails the way the WASM runtime does when it runs out of memory (emscripten's abort). */
export const abort = defineNode({
  type: 'test/abort', version: 1, title: 'Abort', category: 'metric',
  inputs: {}, outputs: { x: 'tensor' },
  params: z.object({}),
  docs: { summary: 'throws like an aborted WASM runtime' },
  run: () => {
    throw new Error('Aborted(OOM). Build with -sASSERTIONS for more info.');
  },
});

export function workerTestRegistry(): NodeRegistry {
  return new NodeRegistry([constant, noise, add, fail, slow, sched, stuck, chatty, abort]);
}
