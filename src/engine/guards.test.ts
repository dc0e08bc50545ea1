import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../nodes';
import { Executor } from './executor';
import type { GraphFile } from './format';
import { BLOW_UP_BOUND, guardOutputs, SIGMA_FLOOR } from './guards';
import { loadGraphFile } from './load';
import { defineNode, type Category } from './node';

/** Issue 17, finding 8: numerical failures fail the node that produced them, with a cause in words. */
const def = (category: Category, outputs: Record<string, string>) =>
  defineNode({ type: `test/${category}`, version: 1, title: 't', category, inputs: {}, outputs: outputs as never, params: z.object({}), docs: { summary: '' }, run: () => ({}) });
const reason = async (p: Promise<void>) => p.then(() => null, (e: Error & { port?: string; code?: string }) => ({ message: e.message, port: e.port, code: e.code }));

describe('guardOutputs', () => {
  it('passes finite values within the bound and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor2d([[1, -2], [BLOW_UP_BOUND / 2, 0]]);
    await expect(guardOutputs(def('sampler', { x: 'tensor', n: 'number' }), { x, n: 3 })).resolves.toBeUndefined();
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('NaN in a sampler output names the port and the step size', async () => {
    const x = tf.tensor2d([[1, NaN]]);
    expect(await reason(guardOutputs(def('sampler', { x0: 'tensor' }), { x0: x }))).toEqual({ port: 'x0', code: 'not-finite', message: expect.stringMatching(/^output 'x0' holds NaN or infinite values; likely cause: the sampler diverged: its step is too large for this noise level/) });
    x.dispose();
  });

  it('reads a rank-5 tensor (a trajectory of images) flat: WebGL and WebGPU have no tf.where above rank 4', async () => {
    const frames = tf.tidy(() => tf.reshape(tf.range(0, 2 * 3 * 2 * 2 * 1), [2, 3, 2, 2, 1]));
    await expect(guardOutputs(def('sampler', { x: 'tensor' }), { x: frames })).resolves.toBeUndefined();
    const bad = tf.tidy(() => tf.concat([frames, tf.fill([1, 3, 2, 2, 1], Infinity)]));
    expect((await reason(guardOutputs(def('sampler', { x: 'tensor' }), { x: bad })))?.code).toBe('not-finite');
    tf.dispose([frames, bad]);
  });

  it('a finite blow-up (5.9e18, Langevin with τ = 2.5) is caught by the bound', async () => {
    const x = tf.tensor2d([[5.9e18, 1]]);
    const r = await reason(guardOutputs(def('sampler', { x0: 'tensor' }), { x0: x }));
    expect(r?.message).toMatch(/reaches \|x\| = 5\.90e\+18, past the blow-up bound 1e\+10/);
    x.dispose();
  });

  it('a NaN loss curve names the step where the training diverged', async () => {
    const loss = { name: 'loss', xLabel: 'step', yLabel: 'loss', x: [0, 100, 200], y: [1.2, 3e4, NaN] };
    const r = await reason(guardOutputs(def('train', { loss: 'series' }), { loss }));
    expect(r?.message).toBe("output 'loss' (loss) is NaN at step = 200; likely cause: the training diverged: lower the learning rate (or clip the loss weighting at small noise levels)");
  });

  it('a NaN metric (MMD with bandwidth 1e-300) gets the bandwidth as its cause', async () => {
    const r = await reason(guardOutputs(def('metric', { value: 'number' }), { value: NaN }));
    expect(r?.message).toMatch(/^output 'value' is NaN; likely cause: .*bandwidth/);
  });

  it('σ below √(float32 min normal) is a σ underflow on the schedule', async () => {
    expect(SIGMA_FLOOR * SIGMA_FLOOR).toBeGreaterThan(1.17549435e-38);
    expect(Math.fround(SIGMA_FLOOR * SIGMA_FLOOR)).toBeGreaterThan(0);
    const schedule = { sigmas: new Float64Array([50, 1, 5e-324]) };
    const r = await reason(guardOutputs(def('schedule', { schedule: 'schedule' }), { schedule }));
    expect(r?.message).toMatch(/has σ = 5e-324 \(σ underflow/);
  });
});

describe('guards in a run (the issue\'s inputs)', () => {
  const registry = createRegistry();
  const lesson = JSON.parse(readFileSync('graphs/lessons/04-langevin.json', 'utf8')) as GraphFile;
  const set = (g: GraphFile, id: string, params: Record<string, unknown>) => ({ ...g, nodes: g.nodes.map((n) => (n.id === id ? { ...n, params: { ...n.params, ...params } } : n)) });

  it('Langevin with τ = 2.5 fails on the sampler, not "done" and later on a metric', async () => {
    const graph = loadGraphFile(set(set(lesson, 'bigTau', { tau: 2.5 }), 'start', { n: 200 }), registry);
    const executor = new Executor(registry);
    const before = tf.memory().numTensors;
    const r = await executor.run(graph, { targets: ['bigMoments'] });
    expect(r.status).toBe('error');
    expect(r.error?.node).toBe('bigTau');
    expect(r.error?.message).toMatch(/past the blow-up bound .*likely cause: the sampler diverged/);
    executor.clear();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('σ_min = 5e-324 fails on the schedule with "σ underflow", not on the sampler', async () => {
    const graph = loadGraphFile(set(lesson, 've', { sigmaMin: 5e-324 }), registry);
    const executor = new Executor(registry);
    const r = await executor.run(graph, { targets: ['annealed'] });
    expect(r.error?.node).toBe('ve');
    expect(r.error?.message).toMatch(/σ underflow/);
    executor.clear();
  });
});
