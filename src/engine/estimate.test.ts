import { readdirSync, readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../nodes';
import { checkNodeWork, estimateGraph, judgeEstimate, shapeOfValue, WORK_BOUNDS } from './estimate';
import { Executor } from './executor';
import type { GraphFile } from './format';
import type { AnyNodeDef } from './node';

/** Issue 17, finding 6: every param in bounds, yet work without bound. Each case is the input. */
const registry = createRegistry();
const def = (type: string) => registry.get(type)!;
const estimateOf = (type: string, params: Record<string, unknown>, inputs: Record<string, number[] | undefined> = {}) => {
  const d: AnyNodeDef = def(type);
  return judgeEstimate('x', d, d.estimate!(d.params.parse(params) as never, inputs));
};

describe('node estimates against the bounds', () => {
  it('noise of 200 000 × 4096 (3.3 GB) is refused with its size and the bound; 1024 × 2 is fine', () => {
    const big = estimateOf('noise/normal', { n: 200_000, dim: 4096 });
    expect(big.estimate.bytes).toBe(4 * 200_000 * 4096);
    expect(big.level).toBe('hard');
    expect(big.message).toBe("node 'x' (noise/normal) would need 3.1 GiB of memory, over the limit of 2.0 GiB; lower its params (steps, points, batch or size)");
    expect(estimateOf('noise/normal', { n: 1024, dim: 2 }).level).toBe('ok');
  });

  it('Langevin 10⁵ steps × 2·10⁵ points (~10 min) asks; the lesson\'s 100 steps × 20 000 points do not', () => {
    expect(estimateOf('sampler/langevin', { steps: 100_000 }, { xT: [200_000, 2] })).toMatchObject({ level: 'soft', message: expect.stringMatching(/4\.0e\+13 FLOP \(about 67 min here\), over the confirmation bound .*--allow-large/) });
    expect(estimateOf('sampler/langevin', { steps: 100 }, { xT: [20_000, 1] }).level).toBe('ok');
  });

  it('annealed Langevin 10⁴ steps per level × 10⁴ levels asks; PC 10⁴ × 101 on 2·10⁵ points (~3.6 days) is refused', () => {
    const annealed = estimateOf('sampler/annealed-langevin', { stepsPerLevel: 10_000 }, { xT: [1000, 2], schedule: [10_000] });
    expect(annealed.estimate.flops).toBe(10_000 * 10_000 * 1000 * 2 * 1000);
    expect(annealed.level).toBe('soft');
    expect(estimateOf('sampler/pc', { steps: 10_000, correctorSteps: 100 }, { xT: [200_000, 2] }).level).toBe('hard');
  });

  it('training 10⁵ steps of batch 4096 on an 8 × 1024 MLP (measured ~11 days; estimated 24) is refused, in days', () => {
    const weights = 8 * 1024 * 1024;
    const r = estimateOf('train/denoising', { steps: 100_000, batch: 4096 }, { model: [weights] });
    expect(r.estimate.flops).toBe(6 * 100_000 * 4096 * weights);
    expect(r).toMatchObject({ level: 'hard', message: expect.stringMatching(/would need 2\.1e\+16 FLOP \(about \d+ days here\), over the limit/) });
  });

  it('the bounds are ordered and a soft estimate passes only when allowed', () => {
    expect(WORK_BOUNDS.softFlops).toBeLessThan(WORK_BOUNDS.hardFlops);
    expect(WORK_BOUNDS.softBytes).toBeLessThan(WORK_BOUNDS.hardBytes);
    const xT = tf.zeros([200_000, 2]);
    expect(() => checkNodeWork('lv', def('sampler/langevin'), { steps: 100_000 }, { xT }, false)).toThrow(/would need .* confirm to run it/);
    expect(checkNodeWork('lv', def('sampler/langevin'), { steps: 100_000 }, { xT }, true)?.level).toBe('soft');
    xT.dispose();
  });

  it('reads shapes of tensors, trajectories, schedules and models', () => {
    const t = tf.zeros([3, 2]);
    expect(shapeOfValue(t)).toEqual([3, 2]);
    expect(shapeOfValue({ frames: t, times: [] })).toEqual([3, 2]);
    expect(shapeOfValue({ N: 1000, levels: () => [] })).toEqual([1000]);
    expect(shapeOfValue({ variables: { w: t, b: t } })).toEqual([12]);
    expect(shapeOfValue(5)).toBeUndefined();
    t.dispose();
  });
});

describe('before a run', () => {
  const graph = (n: number, dim: number): GraphFile => ({
    format: 'diffusion-graph-lab/graph', version: 1, name: 'big', description: '', seed: 0, assertions: [],
    nodes: [{ id: 'noise', type: 'noise/normal', typeVersion: 1, params: { n, dim }, position: { x: 0, y: 0 } }],
    edges: [],
  });

  it('estimateGraph names the node past a bound (the editor asks or refuses from this)', () => {
    expect(estimateGraph(graph(200_000, 4096), registry)).toMatchObject({ level: 'hard', nodes: [{ node: 'noise', level: 'hard' }] });
    expect(estimateGraph(graph(150_000, 2048), registry)).toMatchObject({ level: 'soft' });
    expect(estimateGraph(graph(1024, 2), registry).level).toBe('ok');
  });

  it("says each node's estimate in a few words: time at 1e10 FLOP/s and peak memory", () => {
    // 200 000 × 4096 floats = 3.05 GiB, 8.2e8 numbers × 10 FLOP = 8.2e9 FLOP (< 1 s).
    expect(estimateGraph(graph(200_000, 4096), registry).nodes[0].short).toBe('≈ < 1 s · 3.1 GiB');
    expect(estimateGraph(graph(1024, 2), registry).nodes[0].short).toBe('≈ < 1 s · < 1 MiB');
    // Langevin 10⁵ steps × 2·10⁵ points × 2 coordinates × 1000 FLOP = 4e13 FLOP → 4000 s = 67 min; 24 copies × 1.6 MB = 37 MiB.
    expect(estimateOf('sampler/langevin', { steps: 100_000 }, { xT: [200_000, 2] }).short).toBe('≈ 67 min · 37 MiB');
  });

  it('in the VE graph the sizes flow from the prior and the schedule to the samplers; prior n = 200 000 with 1000 steps a level asks', () => {
    const ve = JSON.parse(readFileSync(new URL('../../graphs/smld-annealed-langevin.json', import.meta.url), 'utf8')) as GraphFile;
    const withParams = (id: string, params: Record<string, unknown>) => (ve.nodes = ve.nodes.map((n) => (n.id === id ? { ...n, params: { ...n.params, ...params } } : n)));
    expect(estimateGraph(ve, registry).level).toBe('ok');
    withParams('prior', { n: 200_000 });
    // Annealed Langevin: 20 levels × 100 steps × 2·10⁵ × 2 × 1000 FLOP = 8e11 → 80 s; plain Langevin 1000 steps: 4e11 → 40 s.
    const big = estimateGraph(ve, registry);
    expect(big.nodes.filter((n) => n.type.startsWith('sampler/')).map((n) => [n.node, n.short, n.level])).toEqual([
      ['sampler', '≈ 80 s · 37 MiB', 'ok'],
      ['plain', '≈ 40 s · 37 MiB', 'ok'],
    ]);
    expect(big.nodes.every((n) => !n.unknown)).toBe(true);
    withParams('sampler', { stepsPerLevel: 1000 });
    expect(estimateGraph(ve, registry)).toMatchObject({ level: 'soft', nodes: expect.arrayContaining([expect.objectContaining({ node: 'sampler', level: 'soft', short: '≈ 13 min · 37 MiB' })]) });
  });

  it('every shipped graph runs without a question (the CLI needs no --allow-large for them)', () => {
    for (const dir of ['../../graphs/', '../../graphs/lessons/']) {
      const url = new URL(dir, import.meta.url);
      for (const file of readdirSync(url).filter((f) => f.endsWith('.json'))) {
        const r = estimateGraph(JSON.parse(readFileSync(new URL(file, url), 'utf8')) as GraphFile, registry);
        expect(r.nodes.filter((n) => n.level !== 'ok').map((n) => n.message), file).toEqual([]);
      }
    }
  });

  it('names the inputs whose size was not known before the run', () => {
    const g: GraphFile = {
      ...graph(1024, 2),
      nodes: [
        { id: 'data', type: 'data/toy2d', typeVersion: 1, params: {}, position: { x: 0, y: 0 } },
        { id: 'score', type: 'score/analytic', typeVersion: 1, params: {}, position: { x: 0, y: 0 } },
        { id: 'schedule', type: 'schedule/vp', typeVersion: 1, params: {}, position: { x: 0, y: 0 } },
        { id: 'x', type: 'data/tensor', typeVersion: 1, params: {}, position: { x: 0, y: 0 } },
        { id: 'sampler', type: 'sampler/ddpm', typeVersion: 1, params: {}, position: { x: 0, y: 0 } },
      ],
      edges: [
        { id: 'e1', source: 'data', sourcePort: 'dist', target: 'score', targetPort: 'dist' },
        { id: 'e2', source: 'schedule', sourcePort: 'schedule', target: 'score', targetPort: 'schedule' },
        { id: 'e3', source: 'score', sourcePort: 'predictor', target: 'sampler', targetPort: 'predictor' },
        { id: 'e4', source: 'schedule', sourcePort: 'schedule', target: 'sampler', targetPort: 'schedule' },
        { id: 'e5', source: 'x', sourcePort: 'x', target: 'sampler', targetPort: 'xT' },
      ],
    };
    expect(estimateGraph(g, registry).nodes.find((n) => n.node === 'sampler')?.unknown).toEqual(['xT']);
  });

  it('the executor refuses a hard estimate before allocating, and a soft one only when told to', async () => {
    const executor = new Executor(registry);
    const before = tf.memory().numBytes;
    const r = await executor.run(graph(200_000, 4096));
    expect(r).toMatchObject({ status: 'error', error: { node: 'noise', message: expect.stringMatching(/^noise \(noise\/normal\): would need 3\.1 GiB of memory/) } });
    expect(tf.memory().numBytes).toBe(before);
    const soft = await executor.run(graph(150_000, 2048), { largeWork: 'refuse' });
    expect(soft.error?.message).toMatch(/confirm to run it/);
    executor.clear();
  });
});
