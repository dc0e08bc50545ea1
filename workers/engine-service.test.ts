import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { selectNodeBackend } from '../src/engine/backend-node';
import { nodeSeed } from '../src/engine/hash';
import type { RunEvent } from '../src/engine/events';
import { uninstallPeakTracker } from '../src/engine/peak-memory';
import type { ScatterPreview } from '../src/engine/preview';
import { summarizeOutputs } from './summary';
import { EngineService } from './engine-service';
import { nodeBackendInfo } from './testing/node-backend';
import { edge, failingGraph, node, slowGraph, sumGraph, testGraph } from './testing/graphs';
import { workerTestRegistry } from './testing/test-registry';

const fatal: string[] = [];
const service = () =>
  new EngineService({
    registry: workerTestRegistry(),
    selectBackend: (r) => nodeBackendInfo(r, selectNodeBackend),
    summarize: (def, outputs) => summarizeOutputs(def, outputs),
    onFatal: (reason) => fatal.push(reason),
  });

describe('EngineService (the object the worker exposes)', () => {
  let engine: EngineService;
  let events: RunEvent[];
  const onEvent = (e: RunEvent) => void events.push(e);

  beforeEach(() => {
    engine = service();
    events = [];
  });
  afterEach(async () => engine.clearCache());

  it('starts a backend and says which and why; a browser-only request falls back with a reason', async () => {
    const info = await engine.init('webgpu');
    expect(info.backend).toBe('wasm');
    expect(info.requested).toBe('webgpu');
    expect(info.reason).toMatch(/webgpu is not available in Node/);
    expect((await engine.memory()).backend).toBe('wasm');
  });

  it('runs a graph: per-node events, the reply with its run id, backend and output summaries', async () => {
    const reply = await engine.run({ runId: 'r1', graph: sumGraph(2) }, onEvent);
    expect(reply).toMatchObject({ runId: 'r1', status: 'done', backend: 'wasm' });
    expect(events.filter((e) => e.type === 'done').map((e) => e.node)).toEqual(['c', 'n', 'sum']);
    const total = reply.outputs.sum.find((o) => o.port === 'total')!;
    const y = reply.outputs.sum.find((o) => o.port === 'y')!;
    expect(y.shape).toEqual([3, 1]);
    // Independent check: draw the node's noise here from its seed; total = 3·2 + Σ noise.
    const noise = tf.randomNormal([3, 1], 0, 1, 'float32', nodeSeed(0, 0));
    const expected = 6 + (await noise.sum().data())[0];
    noise.dispose();
    expect(total.value).toBeCloseTo(expected, 5);
    const again = await engine.run({ runId: 'r2', graph: sumGraph(2) }, onEvent);
    expect(again.nodes).toEqual({ c: { status: 'cached' }, n: { status: 'cached' }, sum: { status: 'cached' } });
    expect(again.outputs.sum.find((o) => o.port === 'total')!.value).toBe(total.value);
  });

  it('reports a node that throws on that node, leaks nothing, and the next run works', async () => {
    await engine.clearCache();
    const before = (await engine.memory()).numTensors;
    const reply = await engine.run({ runId: 'bad', graph: failingGraph() }, onEvent);
    expect(reply.status).toBe('error');
    expect(reply.error).toMatchObject({ node: 'bad', port: 'x' });
    expect(reply.error!.message).toContain('this node always fails');
    expect(events).toContainEqual(expect.objectContaining({ type: 'error', node: 'bad' }));
    expect(reply.nodes.after.status).toBe('skipped');
    const next = await engine.run({ runId: 'good', graph: sumGraph() }, onEvent);
    expect(next.status).toBe('done');
    await engine.clearCache();
    expect((await engine.memory()).numTensors).toBe(before);
  });

  it('asks to be replaced after an error that leaves the backend unusable (WASM abort, lost device)', async () => {
    const reply = await engine.run({ runId: 'oom', graph: testGraph([node('big', 'test/abort')]) }, onEvent);
    expect(reply.error).toMatchObject({ node: 'big' });
    await new Promise((r) => setTimeout(r, 10));
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toMatch(/^the wasm backend cannot continue after node 'big' failed: big \(test\/abort\): Aborted\(OOM\)/);
    // An ordinary node error is not fatal.
    await engine.run({ runId: 'plain', graph: failingGraph() }, onEvent);
    await new Promise((r) => setTimeout(r, 10));
    expect(fatal).toHaveLength(1);
  });

  it('cancels a run midway by its id; after clearCache the tensor count is where it started', async () => {
    await engine.init('wasm');
    const before = (await engine.memory()).numTensors;
    let cancelled = false;
    const reply = await engine.run({ runId: 'long', graph: slowGraph() }, (e) => {
      if (!cancelled && e.type === 'running' && e.node === 'slow' && e.progress > 0) {
        cancelled = true;
        void engine.cancel('long');
      }
    });
    expect(cancelled).toBe(true);
    expect(reply.status).toBe('cancelled');
    expect(reply.nodes.slow.status).toBe('cancelled');
    await engine.clearCache();
    expect((await engine.memory()).numTensors).toBe(before);
  });

  it('queues runs in order; a queued run cancelled before it starts does not run', async () => {
    const first = engine.run({ runId: 'a', graph: slowGraph(300) }, onEvent);
    const second = engine.run({ runId: 'b', graph: sumGraph() }, onEvent);
    await expect(engine.run({ runId: 'a', graph: sumGraph() }, onEvent)).rejects.toThrow(/already queued or running/);
    await engine.cancel('b');
    expect((await first).status).toBe('done');
    const b = await second;
    expect(b.status).toBe('cancelled');
    expect(b.nodes).toEqual({});
  });

  it('answers an invalid graph file with the issues, not a throw', async () => {
    const reply = await engine.run({ runId: 'x', graph: { format: 'diffusion-graph-lab/graph', version: 1, name: 'bad', nodes: [{ id: 'a b' }], edges: [] } as never }, onEvent);
    expect(reply.status).toBe('error');
    expect(reply.issues?.length).toBeGreaterThan(0);
    expect(reply.error!.path.slice(0, 2)).toEqual(['nodes', 0]);
    const unknown = await engine.run({ runId: 'y', graph: testGraph([node('q', 'no/such')]) }, onEvent);
    expect(unknown.error!.message).toMatch(/no\/such/);
  });

  it('throttles previews to ≤ 10 a second per node and sends copies (safe to transfer)', async () => {
    const reply = await engine.run({ runId: 'p', graph: testGraph([node('talk', 'test/chatty', { steps: 400 })]) }, onEvent);
    expect(reply.status).toBe('done');
    const previews = events.filter((e): e is Extract<RunEvent, { type: 'running' }> => e.type === 'running' && e.preview !== undefined);
    const seconds = (reply.nodes.talk.seconds ?? 0) + 0.1;
    // 400 steps of ≥ 1 ms: ≥ 0.4 s; at most one preview per 100 ms, plus the first.
    expect(previews.length).toBeGreaterThanOrEqual(2);
    expect(previews.length).toBeLessThanOrEqual(Math.ceil(seconds * 10) + 1);
    const points = (previews[0].preview as ScatterPreview).points;
    expect(points).toBeInstanceOf(Float32Array);
    expect(points.length).toBe(128);
  });

  it('reports the peak tensor memory only once asked: resetPeak starts it at what is held now, a run raises it, clearCache does not lower it', async () => {
    await engine.clearCache();
    expect(await engine.memory()).not.toHaveProperty('peak');
    const m0 = await engine.memory({ resetPeak: true });
    try {
      expect(m0.peak).toEqual({ numTensors: m0.numTensors, numBytes: m0.numBytes });
      // 1000 noise values (4000 B, cached), then test/add's two float32 [1000, 1] adds inside its
      // tidy: noise + the intermediate + y live at once, ≥ 12 000 B over m0; y stays cached.
      const reply = await engine.run({ runId: 'peak', graph: testGraph([node('n', 'test/noise', { n: 1000 }), node('sum', 'test/add')], [edge('n', 'x', 'sum', 'a')]) }, onEvent);
      expect(reply.status).toBe('done');
      const m1 = await engine.memory();
      expect(m1.numBytes - m0.numBytes).toBeGreaterThanOrEqual(8000);
      expect(m1.peak!.numBytes - m0.numBytes).toBeGreaterThanOrEqual(12_000);
      expect(m1.peak!.numBytes).toBeGreaterThanOrEqual(m1.numBytes);
      expect(m1.peak!.numTensors).toBeGreaterThan(m1.numTensors);
      await engine.clearCache();
      const m2 = await engine.memory();
      expect({ numTensors: m2.numTensors, numBytes: m2.numBytes }).toEqual({ numTensors: m0.numTensors, numBytes: m0.numBytes });
      expect(m2.peak).toEqual(m1.peak);
      expect((await engine.memory({ resetPeak: true })).peak).toEqual({ numTensors: m0.numTensors, numBytes: m0.numBytes });
    } finally {
      uninstallPeakTracker();
    }
  });

  it('switching backends drops the cache (results are per backend)', async () => {
    await engine.run({ runId: 'w', graph: sumGraph() }, onEvent);
    const info = await engine.init('cpu');
    expect(info.backend).toBe('cpu');
    const reply = await engine.run({ runId: 'c', graph: sumGraph() }, onEvent);
    expect(reply.backend).toBe('cpu');
    expect(reply.nodes.sum.status).toBe('done');
    await engine.clearCache();
    await engine.init('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });
});
