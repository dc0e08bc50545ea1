import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../engine/events';
import type { ScatterPreview } from '../engine/preview';
import { failingGraph, node, slowGraph, sumGraph, testGraph } from '../../workers/testing/graphs';
import { startNodeEngineWorker } from '../../workers/testing/node-engine-worker';
import { EngineClient, EngineWorkerLost, type EngineStatus, type EngineWorker } from './engine-client';

/**
 * The client/worker protocol in Node: the real EngineService in a worker_threads thread,
 * spoken to through comlink's node adapter, exactly as the editor speaks to the browser worker.
 */
describe('EngineClient over a worker thread', () => {
  // One client for the whole sequence (each worker start loads tfjs: seconds on a busy machine).
  const threads: ReturnType<typeof startNodeEngineWorker>[] = [];
  const statuses: EngineStatus[] = [];
  const restarts: string[] = [];
  let client: EngineClient;
  beforeAll(() => {
    client = EngineClient.create({
      createWorker: () => {
        const w = startNodeEngineWorker('test');
        threads.push(w);
        return w;
      },
      onStatus: (s) => statuses.push(s),
      onRestart: (r) => restarts.push(r),
      cancelGraceMs: 300,
      maxRestartsPerMinute: 10,
    });
  });
  afterAll(() => client.dispose());

  it('inits, runs with events and previews across the thread', async () => {
    const info = await client.init('auto');
    expect(info).toMatchObject({ backend: 'wasm', requested: 'auto' });
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'ready']);

    const events: RunEvent[] = [];
    const handle = client.run(sumGraph(), { onEvent: (e) => events.push(e) });
    const reply = await handle.result;
    expect(reply.runId).toBe(handle.runId);
    expect(reply.status).toBe('done');
    // Every event arrives before the reply does.
    expect(events.filter((e) => e.type === 'done').map((e) => e.node)).toEqual(['c', 'n', 'sum']);
    expect(reply.outputs.sum.find((o) => o.port === 'y')?.shape).toEqual([3, 1]);

    const previews: ScatterPreview[] = [];
    const chatty = await client.run(testGraph([node('talk', 'test/chatty', { steps: 300 })]), {
      onEvent: (e) => void (e.type === 'running' && e.preview && previews.push(e.preview as ScatterPreview)),
    }).result;
    expect(chatty.status).toBe('done');
    expect(previews.length).toBeGreaterThan(0);
    expect(previews[0].points).toBeInstanceOf(Float32Array);
  });

  it('cancels a run by its id; after clearCache the tensor count is where it started', async () => {
    await client.clearCache();
    const before = (await client.memory()).numTensors;
    let cancelAsked = false;
    const long = client.run(slowGraph(), {
      onEvent: (e) => {
        if (!cancelAsked && e.type === 'running' && e.node === 'slow' && e.progress > 0) {
          cancelAsked = true;
          void long.cancel();
        }
      },
    });
    expect((await long.result).status).toBe('cancelled');
    await client.clearCache();
    expect((await client.memory()).numTensors).toBe(before);
  });

  it('carries the peak request across the thread: once asked, the worker keeps the high-water mark', async () => {
    await client.clearCache();
    const m0 = await client.memory({ resetPeak: true });
    expect(m0.peak).toEqual({ numTensors: m0.numTensors, numBytes: m0.numBytes });
    expect((await client.run(sumGraph(5)).result).status).toBe('done');
    await client.clearCache();
    const m1 = await client.memory();
    expect(m1.numTensors).toBe(m0.numTensors);
    // The three cached outputs (c.x, n.x, sum.y: float32 [3, 1], 12 B each) were held at once.
    expect(m1.peak!.numBytes - m0.numBytes).toBeGreaterThanOrEqual(36);
    expect(m1.peak!.numTensors - m0.numTensors).toBeGreaterThanOrEqual(3);
  });

  it('reports a failing node on that node, and the next run works', async () => {
    const bad = await client.run(failingGraph()).result;
    expect(bad.error).toMatchObject({ node: 'bad', port: 'x' });
    expect((await client.run(sumGraph()).result).status).toBe('done');
  });

  it('terminates a worker whose run ignores its cancel (hard stop) and resolves the run as cancelled', async () => {
    await client.init('cpu');
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const handle = client.run(testGraph([node('spin', 'test/stuck', { ms: 20_000 })]), {
      onEvent: (e) => void (e.type === 'running' && started()),
    });
    await running;
    const t0 = Date.now();
    await handle.cancel();
    const reply = await handle.result;
    expect(reply.status).toBe('cancelled');
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(restarts).toHaveLength(1);
    expect(restarts[0]).toMatch(/did not stop within 300 ms/);
    expect(client.restarts).toBe(1);
    // The new worker is re-initialised with the last request and works.
    expect((await client.memory()).backend).toBe('cpu');
    expect((await client.run(sumGraph()).result).status).toBe('done');
  });

  it('replaces a worker that died, rejects what waited on it, and says so', async () => {
    const pending = client.run(slowGraph(), {}).result;
    // Kill the thread from outside: to the client this is a crash.
    await threads[1].thread.terminate();
    await expect(pending).rejects.toBeInstanceOf(EngineWorkerLost);
    expect(restarts).toHaveLength(2);
    expect(restarts[1]).toMatch(/exited/);
    expect(statuses.filter((s) => s.state === 'restarted')).toHaveLength(2);
    expect((await client.run(sumGraph()).result).status).toBe('done');
  });

  it('after a fatal backend error (WASM abort) the run reports the node, then the worker is replaced with the reason', async () => {
    const reply = await client.run(testGraph([node('big', 'test/abort')])).result;
    expect(reply.error).toMatchObject({ node: 'big' });
    await expect.poll(() => restarts.length).toBe(3);
    expect(restarts[2]).toMatch(/uncaught error in the worker: .*cannot continue after node 'big' failed: .*Aborted\(OOM\)/);
    expect((await client.run(sumGraph()).result).status).toBe('done');
  });
});

describe('EngineClient with a worker that cannot start', () => {
  it('stops restarting after a few failures and rejects calls with the reason', async () => {
    let made = 0;
    const broken = (): EngineWorker => {
      made++;
      const listeners: ((e: { message: string }) => void)[] = [];
      setTimeout(() => listeners.forEach((l) => l({ message: 'SyntaxError in module' })), 5);
      return {
        postMessage: () => {},
        addEventListener: (type: string, l: unknown) => void (type === 'error' && listeners.push(l as (e: { message: string }) => void)),
        removeEventListener: () => {},
        terminate: () => {},
      };
    };
    const statuses: EngineStatus[] = [];
    const client = EngineClient.create({ createWorker: broken, onStatus: (s) => statuses.push(s), maxRestartsPerMinute: 2 });
    await expect(client.init()).rejects.toThrow(/SyntaxError in module/);
    await new Promise((r) => setTimeout(r, 100));
    expect(made).toBe(3);
    expect(statuses.at(-1)).toMatchObject({ state: 'failed' });
    await expect(client.memory()).rejects.toThrow(/keeps failing/);
    client.dispose();
  });
});
