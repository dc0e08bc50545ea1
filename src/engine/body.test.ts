import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { inc, repeat, testRegistry } from './__fixtures__/test-nodes';
import { compileBody } from './body';
import type { BodyRunner } from './context';
import { formatPath } from './errors';
import { Executor } from './executor';
import { GraphFileSchema, type GraphFileInput } from './format';
import { nodeSeed } from './hash';
import { parseGraphFile } from './load';
import { defineNode } from './node';
import { NodeRegistry } from './registry';
import { testContext } from './testing';
import { validateGraph } from './validate';

const n = (id: string, type: string, params = {}) => ({ id, type, typeVersion: type === 'test/constant' ? 2 : 1, params });
const e = (source: string, sourcePort: string, target: string, targetPort: string) => ({ id: `${source}-${target}.${targetPort}`, source, sourcePort, target, targetPort });

type Body = NonNullable<GraphFileInput['nodes'][number]['body']>;
const twoIncrements: Body = {
  nodes: [n('first', 'test/inc'), n('second', 'test/inc')],
  edges: [e('first', 'y', 'second', 'x')],
  inputs: { x: [{ node: 'first', port: 'x' }], k: [{ node: 'second', port: 'by' }] },
  output: { node: 'second', port: 'y' },
};

function loopGraph(body: Body, passes = 5) {
  return {
    format: 'diffusion-graph-lab/graph', version: 1, name: 'loop',
    nodes: [n('c', 'test/constant', { value: 0, n: 2 }), { ...n('loop', 'test/repeat', { passes }), body }],
    edges: [e('c', 'x', 'loop', 'x')],
  };
}

describe('loop bodies', () => {
  it('run once per pass, threading x, and leak nothing across passes', async () => {
    const ex = new Executor(testRegistry());
    const before = tf.memory().numTensors;
    const r = await ex.run(GraphFileSchema.parse(loopGraph(twoIncrements, 5)));
    expect(r.status).toBe('done');
    // each pass adds 1 (first) + k (second): 5 + (0+1+2+3+4) = 15
    expect(Array.from(await (ex.outputsOf('loop')!.x as tf.Tensor).data())).toEqual([15, 15]);
    expect(tf.memory().numTensors).toBe(before + 2);
    ex.clear();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('re-runs the loop when its body changes', async () => {
    const ex = new Executor(testRegistry());
    await ex.run(GraphFileSchema.parse(loopGraph(twoIncrements, 2)));
    const single: Body = { nodes: [n('only', 'test/inc')], edges: [], inputs: { x: [{ node: 'only', port: 'x' }] }, output: { node: 'only', port: 'y' } };
    const r = await ex.run(GraphFileSchema.parse(loopGraph(single, 2)));
    expect(r.nodes).toMatchObject({ c: { status: 'cached' }, loop: { status: 'done' } });
    expect(Array.from(await (ex.outputsOf('loop')!.x as tf.Tensor).data())).toEqual([2, 2]);
    ex.clear();
  });

  it('names the body node that failed', async () => {
    const ex = new Executor(testRegistry());
    const before = tf.memory().numTensors;
    const failing = { ...twoIncrements, nodes: [n('first', 'test/inc'), n('second', 'test/inc', { fail: true })] };
    const r = await ex.run(GraphFileSchema.parse(loopGraph(failing)));
    expect(r.error).toMatchObject({ node: 'loop', port: 'x', bodyNode: 'second', path: ['nodes', 1, 'body', 'nodes', 1], code: 'failed' });
    expect(r.error!.message).toMatch(/body node 'second' \(test\/inc\): increment refused/);
    expect(tf.memory().numTensors).toBe(before + 1);
    ex.clear();
  });

  it('cancels inside a loop without leaking', async () => {
    const ex = new Executor(testRegistry());
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const r = await ex.run(GraphFileSchema.parse(loopGraph(twoIncrements, 100000)), {
      signal: controller.signal,
      progressIntervalMs: 5,
      onEvent: (ev) => ev.type === 'running' && ev.progress > 0 && controller.abort(),
    });
    expect(r.status).toBe('cancelled');
    expect(tf.memory().numTensors).toBe(before + 1);
    ex.clear();
  });

  it('validates the body with JSON paths into it', () => {
    const bad: Body = {
      nodes: [n('first', 'test/inc'), n('second', 'test/nope'), n('third', 'test/inc')],
      edges: [e('first', 'y', 'ghost', 'x')],
      inputs: { x: [{ node: 'first', port: 'x' }], k: [{ node: 'first', port: 'x' }], level: [{ node: 'first', port: 'x' }] },
      output: { node: 'first', port: 'nope' },
    };
    const issues = parseGraphFile(loopGraph(bad), testRegistry()).issues.map((i) => `${formatPath(i.path)} ${i.code}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        '$.nodes[1].body.inputs.k[0] type-mismatch',
        '$.nodes[1].body.inputs.level unknown-port',
        '$.nodes[1].body.nodes[1].type unknown-type',
        '$.nodes[1].body.edges[0].target dangling-edge',
        '$.nodes[1].body.nodes[2] missing-input',
        '$.nodes[1].body.output.port unknown-port',
      ]),
    );
  });

  it('refuses a body on a node that is not a loop, and a loop without one', () => {
    const g = { ...loopGraph(twoIncrements), nodes: [{ ...n('c', 'test/constant'), body: twoIncrements }, n('loop', 'test/repeat')] };
    const issues = parseGraphFile(g, testRegistry()).issues.map((i) => [formatPath(i.path), i.message]);
    expect(issues).toEqual(expect.arrayContaining([['$.nodes[0].body', "node 'c' (test/constant) is not a loop and cannot have a body"], ['$.nodes[1]', "loop 'loop' has no body: give it the steps to repeat"]]));
  });
});

describe('loop cache keys', () => {
  it('ignore the layout of the body', async () => {
    const ex = new Executor(testRegistry());
    await ex.run(GraphFileSchema.parse(loopGraph(twoIncrements, 2)));
    const moved = { ...twoIncrements, nodes: twoIncrements.nodes.map((b) => ({ ...b, position: { x: 300, y: 40 }, label: 'renamed' })) };
    const r = await ex.run(GraphFileSchema.parse(loopGraph(moved, 2)));
    expect(r.nodes.loop.status).toBe('cached');
    ex.clear();
  });
});

/** Body nodes for the hand-over tests: what a pass's output may be, and where else it may sit. */
let lastMade: tf.Tensor | undefined;
const bodyNodes = [
  // x + 1, remembering the tensor it returned.
  defineNode({
    type: 'test/record', version: 1, title: 'Record', category: 'step',
    inputs: { x: 'tensor' }, outputs: { y: 'tensor' }, params: z.object({}), docs: { summary: 'x + 1' },
    run: (i) => ({ y: (lastMade = tf.add(i.x as tf.Tensor, 1)) }),
  }),
  // Breaks the node contract on purpose: returns its input tensor itself.
  defineNode({
    type: 'test/pass', version: 1, title: 'Pass', category: 'step',
    inputs: { x: 'tensor' }, outputs: { y: 'tensor' }, params: z.object({}), docs: { summary: 'x itself' },
    run: (i) => ({ y: i.x }),
  }),
  // One tensor on two ports (and nested): the pass releases it through the other port.
  defineNode({
    type: 'test/twice', version: 1, title: 'Twice', category: 'step',
    inputs: { x: 'tensor' }, outputs: { y: 'tensor', z: 'tensor', w: 'trajectory' }, params: z.object({}), docs: { summary: 'x + 1 twice' },
    run: (i) => {
      const t = tf.add(i.x as tf.Tensor, 1);
      return { y: t, z: t, w: { frames: [t] } };
    },
  }),
  // Reads ctx.seed before and after a yield; outputs [seed before, seed after].
  defineNode({
    type: 'test/seeded', version: 1, title: 'Seeded', category: 'step',
    inputs: { x: 'tensor' }, outputs: { y: 'tensor' }, params: z.object({ seed: z.number().int().default(0) }), docs: { summary: 'its seeds' },
    run: async (_i, _p, ctx) => {
      const before = ctx.seed;
      await new Promise((r) => setTimeout(r, 1));
      return { y: tf.tensor1d([before, ctx.seed], 'int32') };
    },
  }),
];

/** A pass runner for a one-node body of `type` (fed x), compiled as the executor compiles it. */
function runnerFor(type: string, params: Record<string, unknown> = {}): BodyRunner {
  const registry = new NodeRegistry([inc, repeat, ...bodyNodes]);
  const body: Body = { nodes: [n('only', type, params)], edges: [], inputs: { x: [{ node: 'only', port: 'x' }] }, output: { node: 'only', port: 'y' } };
  const loop = GraphFileSchema.parse({ ...loopGraph(body), nodes: [{ ...n('loop', 'test/repeat'), body }], edges: [] }).nodes[0];
  const resolved = validateGraph({ nodes: [loop], edges: [] }, registry).nodes.get('loop')?.body;
  if (!resolved) throw new Error(`invalid test body for ${type}`);
  return compileBody(resolved, testContext({}, 'loop'));
}

describe('a pass’s output', () => {
  /** One pass of a one-node body on x = [[1, 2]]: the output, and the tensors alive beyond x's. */
  async function onePass(type: string): Promise<{ out: tf.Tensor; x: tf.Tensor; values: number[]; added: number }> {
    const run = runnerFor(type);
    const x = tf.tensor2d([[1, 2]]);
    const before = tf.memory().numTensors;
    const out = (await run.run({ x }, 0)) as tf.Tensor;
    const added = tf.memory().numTensors - before;
    return { out, x, values: Array.from(await out.data()), added };
  }

  it('is handed over as the body made it (no copy), and only it outlives the pass', async () => {
    const { out, x, values, added } = await onePass('test/record');
    expect(out).toBe(lastMade);
    expect(out.isDisposed).toBe(false);
    expect([values, added]).toEqual([[2, 3], 1]);
    tf.dispose([out, x]);
  });

  it.each([
    ['a loop value passed through (the value stays the caller’s)', 'test/pass', [1, 2]],
    ['held by another output of the pass', 'test/twice', [2, 3]],
  ])('is a copy when it is %s, and nothing leaks', async (_what, type, expected) => {
    const { out, x, values, added } = await onePass(type);
    expect(out).not.toBe(x);
    expect([out.isDisposed, x.isDisposed]).toEqual([false, false]);
    expect([values, added]).toEqual([expected, 1]);
    tf.dispose([out, x]);
  });

  it('keeps each pass’s seed when passes overlap', async () => {
    const run = runnerFor('test/seeded', { seed: 3 });
    const x = tf.tensor2d([[0]]);
    const outs = (await Promise.all([run.run({ x }, 11), run.run({ x }, 22), run.run({ x }, 33)])) as tf.Tensor[];
    // Each pass's node sees nodeSeed(pass seed, its seed param), unchanged across its own await.
    const seeds = await Promise.all(outs.map((t) => t.data()));
    expect(seeds.map((s) => Array.from(s))).toEqual([11, 22, 33].map((s) => [nodeSeed(s, 3) | 0, nodeSeed(s, 3) | 0]));
    // Later passes, one at a time, still see theirs.
    const again = (await run.run({ x }, 44)) as tf.Tensor;
    expect(Array.from(await again.data())).toEqual([nodeSeed(44, 3) | 0, nodeSeed(44, 3) | 0]);
    tf.dispose([...outs, again, x]);
  });
});
