import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { testRegistry } from './__fixtures__/test-nodes';
import type { RunEvent } from './events';
import { Executor } from './executor';
import { GraphFileSchema, type GraphFile, type GraphFileInput } from './format';

function graph(nodes: GraphFileInput['nodes'], edges: GraphFileInput['edges'] = []): GraphFile {
  return GraphFileSchema.parse({ format: 'diffusion-graph-lab/graph', version: 1, name: 't', seed: 0, nodes, edges });
}
const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, typeVersion: type === 'test/constant' ? 2 : 1, params });
const edge = (source: string, sourcePort: string, target: string, targetPort: string) => ({ id: `${source}.${sourcePort}->${target}.${targetPort}`, source, sourcePort, target, targetPort });
/** c and n feed sum; the ids are a parameter so another graph can hold the same content. */
const chain = (prefix = '', n = 3) =>
  graph([node(`${prefix}c`, 'test/constant', { n }), node(`${prefix}n`, 'test/noise', { n }), node(`${prefix}sum`, 'test/add')], [edge(`${prefix}c`, 'x', `${prefix}sum`, 'a'), edge(`${prefix}n`, 'x', `${prefix}sum`, 'b')]);

async function statuses(ex: Executor, g: GraphFile): Promise<Record<string, string>> {
  const events: RunEvent[] = [];
  const r = await ex.run(g, { onEvent: (e) => events.push(e) });
  expect(r.status).toBe('done');
  return Object.fromEntries(Object.entries(r.nodes).map(([id, s]) => [id, s.status]));
}

describe('Executor result cache (by content)', () => {
  let ex: Executor | undefined;
  afterEach(() => ex?.clear());

  it('gives a duplicated node the result of its twin: run once, one tensor', async () => {
    ex = new Executor(testRegistry());
    const before = tf.memory().numTensors;
    const g = graph([node('n1', 'test/noise', { seed: 4 }), node('n2', 'test/noise', { seed: 4 })]);
    expect(await statuses(ex, g)).toEqual({ n1: 'done', n2: 'cached' });
    expect(ex.outputsOf('n2')!.x).toBe(ex.outputsOf('n1')!.x);
    expect(ex.keyOf('n2')).toBe(ex.keyOf('n1'));
    expect(tf.memory().numTensors).toBe(before + 1);
    ex.clear();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('lets another graph with the same content reuse every result, and keeps the first graph’s', async () => {
    ex = new Executor(testRegistry());
    expect(await statuses(ex, chain())).toEqual({ c: 'done', n: 'done', sum: 'done' });
    const total = ex.outputsOf('sum')!.total;
    expect(await statuses(ex, chain('other.'))).toEqual({ 'other.c': 'cached', 'other.n': 'cached', 'other.sum': 'cached' });
    expect(ex.outputsOf('other.sum')!.total).toBe(total);
    expect(ex.outputsOf('sum')).toBeUndefined(); // not a node of the latest run
    expect(await statuses(ex, chain())).toEqual({ c: 'cached', n: 'cached', sum: 'cached' });
  });

  it('evicts least recently used results beyond its budget (disposed), and re-runs them when asked again', async () => {
    // one chain of n = 100 holds 3 tensors of 400 bytes and a number: the budget fits about two chains
    ex = new Executor(testRegistry(), undefined, 2600);
    const before = tf.memory().numTensors;
    await statuses(ex, chain('a.', 100));
    const aTensor = ex.outputsOf('a.n')!.x as tf.Tensor;
    await statuses(ex, chain('b.', 99));
    await statuses(ex, chain('c.', 98)); // a's results are the least recently used: they go
    expect(aTensor.isDisposed).toBe(true);
    expect(ex.cacheUsage().bytes).toBeLessThanOrEqual(2600);
    expect(tf.memory().numTensors).toBe(before + 6);
    expect(await statuses(ex, chain('a.', 100))).toEqual({ 'a.c': 'done', 'a.n': 'done', 'a.sum': 'done' });
    ex.clear();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('never disposes a result under the run that uses it, even with a budget of 0 bytes', async () => {
    const roomy = new Executor(testRegistry());
    await statuses(roomy, chain());
    const want = roomy.outputsOf('sum')!.total as number;
    roomy.clear();
    ex = new Executor(testRegistry(), undefined, 0);
    const before = tf.memory().numTensors;
    expect(await statuses(ex, chain())).toEqual({ c: 'done', n: 'done', sum: 'done' });
    // upstream results stayed alive for sum, and the latest run's results stay readable
    expect(ex.outputsOf('sum')!.total).toBe(want);
    expect((ex.outputsOf('n')!.x as tf.Tensor).isDisposed).toBe(false);
    expect(tf.memory().numTensors).toBe(before + 3);
    // the next run releases them: over budget, they are disposed
    await statuses(ex, graph([node('solo', 'test/noise', { seed: 9 })]));
    expect(tf.memory().numTensors).toBe(before + 1);
    ex.clear();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaks nothing when a run over budget is cancelled', async () => {
    ex = new Executor(testRegistry(), undefined, 0);
    const before = tf.memory().numTensors;
    const g = graph([node('c', 'test/constant'), node('loop', 'test/slow', { steps: 100000 })], [edge('c', 'x', 'loop', 'x')]);
    const controller = new AbortController();
    const r = await ex.run(g, {
      signal: controller.signal,
      progressIntervalMs: 5,
      onEvent: (e) => {
        if (e.type === 'running' && e.node === 'loop' && e.progress > 0) controller.abort();
      },
    });
    expect(r.status).toBe('cancelled');
    expect(tf.memory().numTensors).toBe(before + 1); // c, held by the cancelled run
    ex.clear();
    expect(tf.memory().numTensors).toBe(before);
  });
});
