import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { testRegistry } from './__fixtures__/test-nodes';
import { formatPath } from './errors';
import { Executor } from './executor';
import { GraphFileSchema, type GraphFileInput } from './format';
import { parseGraphFile } from './load';

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
    expect(r.error).toMatchObject({ node: 'loop', port: 'x' });
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
