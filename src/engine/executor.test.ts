import * as tf from '@tensorflow/tfjs';
import { beforeEach, describe, expect, it } from 'vitest';
import { testRegistry } from './__fixtures__/test-nodes';
import type { RunEvent } from './events';
import { Executor } from './executor';
import type { GraphFile, GraphFileInput } from './format';
import { GraphFileSchema } from './format';

function graph(nodes: GraphFileInput['nodes'], edges: GraphFileInput['edges'] = [], seed = 0): GraphFile {
  return GraphFileSchema.parse({ format: 'diffusion-graph-lab/graph', version: 1, name: 't', seed, nodes, edges });
}
const node = (id: string, type: string, params: Record<string, unknown> = {}, typeVersion = type === 'test/constant' ? 2 : 1) => ({ id, type, typeVersion, params });
const edge = (source: string, sourcePort: string, target: string, targetPort: string) => ({ id: `${source}.${sourcePort}->${target}.${targetPort}`, source, sourcePort, target, targetPort });

const chain = (offset = 0, value = 1) =>
  graph([node('c', 'test/constant', { value }), node('n', 'test/noise'), node('sum', 'test/add', { offset })], [edge('c', 'x', 'sum', 'a'), edge('n', 'x', 'sum', 'b')]);

describe('Executor', () => {
  let ex: Executor;
  let events: RunEvent[];
  const onEvent = (e: RunEvent) => events.push(e);
  const statuses = (type: RunEvent['type']) => events.filter((e) => e.type === type).map((e) => e.node).sort();

  beforeEach(() => {
    ex?.clear();
    ex = new Executor(testRegistry());
    events = [];
  });

  it('runs in topological order and reports per-node events', async () => {
    const r = await ex.run(chain(), { onEvent });
    expect(r.status).toBe('done');
    expect(statuses('queued')).toEqual(['c', 'n', 'sum']);
    expect(statuses('done')).toEqual(['c', 'n', 'sum']);
    const done = events.filter((e) => e.type === 'done').map((e) => e.node);
    expect(done.indexOf('sum')).toBe(2);
    const noise = Array.from(await (ex.outputsOf('n')!.x as tf.Tensor).data());
    const total = ex.outputsOf('sum')!.total as number;
    expect(total).toBeCloseTo(3 + noise.reduce((a, b) => a + b, 0), 5);
  });

  it('runs only what the targets need', async () => {
    const r = await ex.run(chain(), { onEvent, targets: ['n'] });
    expect(r.status).toBe('done');
    expect(statuses('done')).toEqual(['n']);
    expect(ex.outputsOf('c')).toBeUndefined();
  });

  it('re-runs only the edited node and what is downstream', async () => {
    await ex.run(chain(0), { onEvent });
    events = [];
    await ex.run(chain(5), { onEvent });
    expect(statuses('cached')).toEqual(['c', 'n']);
    expect(statuses('done')).toEqual(['sum']);
    events = [];
    await ex.run(chain(5, 2), { onEvent });
    expect(statuses('cached')).toEqual(['n']);
    expect(statuses('done')).toEqual(['c', 'sum']);
  });

  it('gives the same numbers for the same seed and different ones for another', async () => {
    const read = async (seed: number) => {
      const e = new Executor(testRegistry());
      await e.run(graph([node('n', 'test/noise')], [], seed));
      const v = Array.from(await (e.outputsOf('n')!.x as tf.Tensor).data());
      e.clear();
      return v;
    };
    expect(await read(3)).toEqual(await read(3));
    expect(await read(3)).not.toEqual(await read(4));
  });

  it('names the failing node, stops the run and stays usable', async () => {
    const g = graph([node('c', 'test/constant'), node('bad', 'test/fail'), node('after', 'test/add')], [edge('c', 'x', 'bad', 'x'), edge('bad', 'y', 'after', 'a')]);
    const before = tf.memory().numTensors;
    const r = await ex.run(g, { onEvent });
    expect(r.status).toBe('error');
    // Structured: node, port, the node's JSON path in the file and a code (DESIGN.md: errors travel as data).
    expect(r.error).toMatchObject({ node: 'bad', port: 'x', path: ['nodes', 1], code: 'failed' });
    expect(r.error!.message).toContain('this node always fails');
    expect(r.nodes.after.status).toBe('skipped');
    expect(events.find((e) => e.type === 'error')).toMatchObject({ node: 'bad' });
    // Only the constant's output is held.
    expect(tf.memory().numTensors).toBe(before + 1);
    expect((await ex.run(chain())).status).toBe('done');
  });

  it('frees what a failing node leaked', async () => {
    const g = graph([node('c', 'test/constant'), node('bad', 'test/fail', { mode: 'leak-then-throw' })], [edge('c', 'x', 'bad', 'x')]);
    const before = tf.memory().numTensors;
    expect((await ex.run(g)).status).toBe('error');
    expect(tf.memory().numTensors).toBe(before + 1);
  });

  it('ends the run on a NaN output, naming node and port', async () => {
    const g = graph([node('c', 'test/constant'), node('bad', 'test/fail', { mode: 'nan' })], [edge('c', 'x', 'bad', 'x')]);
    const before = tf.memory().numTensors;
    const r = await ex.run(g);
    expect(r.error).toMatchObject({ node: 'bad', port: 'y' });
    expect(r.error!.message).toMatch(/NaN/);
    expect(tf.memory().numTensors).toBe(before + 1);
  });

  it('cancels between steps and leaks no tensors', async () => {
    const g = graph([node('c', 'test/constant'), node('loop', 'test/slow', { steps: 100000 })], [edge('c', 'x', 'loop', 'x')]);
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const progress: number[] = [];
    const run = ex.run(g, {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'running' && e.node === 'loop') {
          progress.push(e.progress);
          if (e.progress > 0) controller.abort();
        }
      },
      progressIntervalMs: 5,
    });
    const r = await run;
    expect(r.status).toBe('cancelled');
    expect(r.nodes.loop.status).toBe('cancelled');
    expect(progress.length).toBeGreaterThan(1);
    expect(tf.memory().numTensors).toBe(before + 1);
    ex.clear();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('throttles progress events', async () => {
    // The loop reports progress 3000 times; at most one event goes out per interval (timed on arrival,
    // so the bound holds however long the loop takes on a loaded machine), besides the executor's own
    // 'running' at the start.
    const g = graph([node('c', 'test/constant'), node('loop', 'test/slow', { steps: 3000 })], [edge('c', 'x', 'loop', 'x')]);
    const interval = 200;
    const times: number[] = [];
    const start = performance.now();
    const onLoop = (e: RunEvent) => {
      if (e.type === 'running' && e.node === 'loop') times.push(performance.now());
    };
    await ex.run(g, { onEvent: onLoop, progressIntervalMs: interval });
    const elapsed = performance.now() - start;
    const gaps = times.slice(2).map((t, i) => t - times[i + 1]);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(interval - 1);
    expect(times.length).toBeLessThanOrEqual(2 + Math.ceil(elapsed / interval));
    expect(times.length).toBeLessThan(100);
  });

  it('releases results of removed nodes when the byte budget evicts them, and everything on clear', async () => {
    ex = new Executor(testRegistry(), undefined, 0); // results are found by content: removed nodes' stay until evicted
    const before = tf.memory().numTensors;
    await ex.run(chain());
    expect(tf.memory().numTensors).toBe(before + 3);
    await ex.run(graph([node('c', 'test/constant')]));
    expect(tf.memory().numTensors).toBe(before + 1);
    ex.clear();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses an invalid graph with every issue and its path', async () => {
    const g = graph([node('a', 'test/add'), node('x', 'nope/none')], [edge('ghost', 'x', 'a', 'a')]);
    const r = await ex.run(g);
    expect(r.status).toBe('error');
    expect(r.issues!.map((i) => i.code).sort()).toEqual(['dangling-edge', 'unknown-type']);
    expect(r.issues!.find((i) => i.code === 'unknown-type')!.path).toEqual(['nodes', 1, 'type']);
    expect(r.error).toMatchObject({ code: r.issues![0].code, path: r.issues![0].path });
  });

  it('fails on a missing input only when that node must run', async () => {
    const g = graph([node('c', 'test/constant'), node('lonely', 'test/add')]);
    expect((await ex.run(g, { targets: ['c'] })).status).toBe('done');
    const r = await ex.run(g);
    expect(r.error).toMatchObject({ node: 'lonely', port: 'a' });
  });

  it('migrates saved params of an older node version', async () => {
    const g = graph([{ id: 'c', type: 'test/constant', typeVersion: 1, params: { v: 7 } }]);
    expect((await ex.run(g)).status).toBe('done');
    expect(Array.from(await (ex.outputsOf('c')!.x as tf.Tensor).data())).toEqual([7, 7, 7]);
  });
});
