import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/engine/context';
import { formatPath } from '../../src/engine/errors';
import { Executor } from '../../src/engine/executor';
import { GraphFileSchema, type GraphFile, type GraphNode, type LoopBody } from '../../src/engine/format';
import { parseGraphFile } from '../../src/engine/load';
import type { Trajectory } from '../../src/engine/values';
import type { Predictor } from '../lib/predictor';
import { normal } from '../lib/random';
import { gaussianPredictor } from '../lib/sampling/testing';
import { vpSchedule } from '../lib/schedules';
import { expandSampler } from './expand';
import { failingOn } from '../lib/sampling/testing';
import { edge, loopTestRegistry, node, runLoopNode, samplerGraph } from './testing';

/** A DDPM loop of `T` passes on a linear schedule, with its body (default: one step/ddpm). */
function ddpmLoop(T: number, body?: Partial<LoopBody>): { schedule: GraphNode; loop: GraphNode } {
  const loop = expandSampler(node('S', 'sampler/ddpm'), { id: 'L' });
  return { schedule: node('s', 'schedule/linear', { T }), loop: { ...loop, body: { ...loop.body!, ...body } } };
}

async function runLoop(graph: GraphFile, signal?: AbortSignal, onProgress?: () => void) {
  const ex = new Executor(loopTestRegistry());
  const before = tf.memory().numTensors;
  const r = await ex.run(graph, { signal, progressIntervalMs: 1, onEvent: (e) => e.type === 'running' && e.node === 'L' && e.progress > 0 && onProgress?.() });
  ex.clear();
  // Nothing the loop, its body or any pass made is left once the executor drops its results.
  expect(tf.memory().numTensors).toBe(before);
  return r;
}

describe('loop/levels: cancel, failure and validation', () => {
  it('stops when cancelled inside the loop and leaks no tensor', async () => {
    const { schedule, loop } = ddpmLoop(10_000);
    const ctl = new AbortController();
    let seen = 0;
    const r = await runLoop(samplerGraph(schedule, 64, [loop]), ctl.signal, () => ++seen >= 2 && ctl.abort());
    expect(r.status).toBe('cancelled');
    expect(r.nodes.L).toEqual({ status: 'cancelled' });
    expect(seen).toBeGreaterThanOrEqual(2);
  });

  it('names the body node whose predictor failed mid-run, and leaks no tensor', async () => {
    const { schedule, loop } = ddpmLoop(40);
    const g = samplerGraph(schedule, 32, [loop]);
    g.nodes = g.nodes.map((n) => (n.id === 'score' ? node('score', 'test/failing-predictor', { failAt: 17 }) : n));
    g.edges = g.edges.filter((e) => e.target !== 'score');
    const r = await runLoop(g);
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ node: 'L' });
    expect(r.error!.message).toMatch(/body node 'ddpm' \(step\/ddpm\): predictor failed at call 17/);
  });

  it('refuses a body that changes the shape of x, naming the pass', async () => {
    const { schedule, loop } = ddpmLoop(10);
    const body = loop.body!;
    loop.body = {
      ...body,
      nodes: [...body.nodes, { ...node('drop', 'test/drop-one'), position: { x: 300, y: 0 } }],
      edges: [edge('ddpm', 'x', 'drop', 'x')],
      output: { node: 'drop', port: 'x' },
    };
    const r = await runLoop(samplerGraph(schedule, 16, [loop]));
    expect(r.error!.message).toMatch(/the body returned shape \[15, 2\] at pass 0; x is \[16, 2\]/);
  });

  it('says which grid needs a schedule, and which step cannot walk which grid', async () => {
    const { schedule, loop } = ddpmLoop(10);
    const r1 = await runLoop(samplerGraph(schedule, 8, [loop], { scheduleInto: [] }));
    expect(r1.error).toMatchObject({ node: 'L', port: 'schedule' });
    expect(r1.error!.message).toMatch(/the chain grid walks the discrete chain of a VP schedule; connect a schedule/);
    const fixed = { ...loop, params: { ...loop.params, grid: 'fixed', steps: 3 } };
    const r2 = await runLoop(samplerGraph(schedule, 8, [fixed]));
    expect(r2.error!.message).toMatch(/body node 'ddpm' \(step\/ddpm\): level: the DDPM step moves along a VP chain; the loop’s fixed grid has no ᾱ/);
    const ve = await runLoop(samplerGraph(node('s', 'schedule/ve'), 8, [loop]));
    expect(ve.error!.message).toMatch(/the chain grid needs a variance-preserving schedule/);
  });

  it('validates its body with JSON paths into it', () => {
    const { schedule, loop } = ddpmLoop(10);
    const bad: LoopBody = {
      nodes: [node('ddpm', 'step/ddpm', { variance: 'huge' }), node('em', 'step/euler-maruyama'), node('ghost', 'step/nope')],
      edges: [edge('ddpm', 'x', 'em', 'x')],
      inputs: {
        x: [{ node: 'ddpm', port: 'x' }],
        level: [{ node: 'ddpm', port: 'predictor' }],
        predictor: [{ node: 'ddpm', port: 'level' }],
        schedule: [{ node: 'ddpm', port: 'schedule' }],
        t: [{ node: 'ddpm', port: 'x' }],
      },
      output: { node: 'em', port: 'y' },
    };
    const g = samplerGraph(schedule, 8, [{ ...loop, body: bad }]);
    const issues = parseGraphFile(g, loopTestRegistry()).issues.map((i) => `${formatPath(i.path)} ${i.code}`);
    const at = `$.nodes[${g.nodes.findIndex((n) => n.id === 'L')}].body`;
    expect(issues).toEqual(
      expect.arrayContaining([
        `${at}.inputs.level[0] type-mismatch`,
        `${at}.inputs.predictor[0] type-mismatch`,
        `${at}.inputs.t unknown-port`,
        `${at}.nodes[0].params.variance invalid-params`,
        `${at}.nodes[1] missing-input`,
        `${at}.nodes[2].type unknown-type`,
        `${at}.output.port unknown-port`,
      ]),
    );
    // The expanded loop itself is valid as it stands.
    expect(parseGraphFile(GraphFileSchema.parse(samplerGraph(schedule, 8, [loop])), loopTestRegistry()).issues).toEqual([]);
  });
});

describe('loop/levels on its own (no executor scope to catch leaks)', () => {
  const loop = expandSampler(node('S', 'sampler/pc', { steps: 30, correctorSteps: 1 }), { id: 'L' });
  const inputs = (predictor: Predictor) => ({ predictor, schedule: vpSchedule(), xT: normal<tf.Rank.R2>([32, 2], 5) });

  it('runs, and leaves only its outputs', async () => {
    const { xT, ...rest } = inputs(gaussianPredictor(1));
    const before = tf.memory().numTensors;
    const out = await runLoopNode(loop, { ...rest, xT }, { seed: 4 });
    expect(out.nfe).toBe(60);
    expect(tf.memory().numTensors).toBe(before + 2); // x0 and the trajectory's frames
    tf.dispose([out.x0 as tf.Tensor, (out.trajectory as Trajectory).frames, xT]);
  });

  it('frees every pass’s tensors when the predictor throws mid-run', async () => {
    const { xT, ...rest } = inputs(failingOn(23));
    const before = tf.memory().numTensors;
    await expect(runLoopNode(loop, { ...rest, xT })).rejects.toThrow(/body node 'corrector1' \(step\/corrector\): predictor failed/);
    expect(tf.memory().numTensors).toBe(before);
    xT.dispose();
  });

  it('frees everything when cancelled mid-run', async () => {
    const { xT, ...rest } = inputs(gaussianPredictor(1));
    const before = tf.memory().numTensors;
    const ctl = new AbortController();
    let last = 0;
    const run = runLoopNode(loop, { ...rest, xT }, { signal: ctl.signal, onProgress: (f) => (last = f) >= 0.3 && ctl.abort() });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(last).toBeGreaterThanOrEqual(0.3);
    expect(tf.memory().numTensors).toBe(before);
    xT.dispose();
  });
});
