import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { selectNodeBackend } from '../src/engine/backend-node';
import type { RunEvent } from '../src/engine/events';
import { defineNode } from '../src/engine/node';
import { NodeRegistry } from '../src/engine/registry';
import { summarizeOutputs } from './summary';
import { EngineService, type EngineServiceOptions, type PhaseSource } from './engine-service';
import { node, testGraph } from './testing/graphs';
import { nodeBackendInfo } from './testing/node-backend';

/**
 * A phase source driven by a test node the way WebGPU kernels drive the shader watch
 * (workers/shader-compiles.ts): the node's first kernels start the phase, its steps are
 * queued meanwhile, and the phase ends once the GPU process has compiled them.
 */
function phasedEngine(options: Partial<EngineServiceOptions> = {}) {
  const listeners = new Set<(phase: string | undefined) => void>();
  const source: PhaseSource = {
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const set = (phase: string | undefined) => listeners.forEach((l) => l(phase));
  const compiles = defineNode({
    type: 'test/compiles', version: 1, title: 'Compiles', category: 'sampler',
    inputs: {}, outputs: { x: 'tensor' },
    params: z.object({}),
    docs: { summary: 'starts and ends a backend phase while it runs' },
    run: async (_i, _p, ctx) => {
      set('compiling shaders');
      ctx.progress(0.5);
      await new Promise((r) => setTimeout(r, 0));
      set(undefined);
      ctx.progress(1);
      return { x: tf.zeros([1, 1]) };
    },
  });
  const engine = new EngineService({
    registry: new NodeRegistry([compiles]),
    selectBackend: (r) => nodeBackendInfo(r, selectNodeBackend),
    summarize: (def, outputs) => summarizeOutputs(def, outputs),
    phases: () => source,
    progressIntervalMs: 0,
    ...options,
  });
  return { engine, listeners };
}

const graph = testGraph([node('g', 'test/compiles')]);
const progressOf = (events: RunEvent[]) =>
  events.flatMap((e) => (e.type === 'running' ? [e.phase ? `${e.progress} ${e.phase}` : `${e.progress}`] : e.type === 'done' ? ['done'] : []));

describe('EngineService: a backend phase shows on the running node', () => {
  it('each change is an event with the last fraction; progress events carry the phase while it lasts', async () => {
    const { engine, listeners } = phasedEngine();
    const events: RunEvent[] = [];
    const reply = await engine.run({ runId: 'p', graph }, (e) => void events.push(e));
    expect(reply.status).toBe('done');
    expect(progressOf(events)).toEqual(['0', '0 compiling shaders', '0.5 compiling shaders', '0.5', '1', 'done']);
    expect(listeners.size).toBe(0); // unsubscribed when the run ends
    await engine.clearCache();
  });

  it('phase changes get through while progress events are dropped for a lagging client', async () => {
    const { engine } = phasedEngine({ maxPendingEvents: 1 });
    const events: RunEvent[] = [];
    // Every event stays unacknowledged for 200 ms: from 'queued' on, the client lags.
    const reply = await engine.run({ runId: 'lag', graph }, (e) => {
      events.push(e);
      return new Promise((r) => setTimeout(r, 200));
    });
    expect(reply.status).toBe('done');
    // Dropped: running 0 and 0.5 (progress < 1). Sent: both changes of phase, the last progress.
    expect(progressOf(events)).toEqual(['0 compiling shaders', '0.5', '1', 'done']);
    await engine.clearCache();
  });
});
