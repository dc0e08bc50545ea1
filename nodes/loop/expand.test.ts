import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '..';
import { Executor } from '../../src/engine/executor';
import { GraphFileSchema } from '../../src/engine/format';
import { parseGraphFile } from '../../src/engine/load';
import { values } from '../lib/sampling/testing';
import { canExpand, expandInGraph, expandSampler } from './expand';
import { node, samplerGraph } from './testing';

const registry = createRegistry();

describe('expandSampler', () => {
  it('makes a loop/levels node with the sampler’s position, label and seed, and its steps in a row', () => {
    const pcNode = { ...node('pc', 'sampler/pc', { steps: 30, correctorSteps: 2, snr: 0.2, seed: 7 }), position: { x: 40, y: 90 }, label: 'PC' };
    const loop = expandSampler(pcNode);
    expect(loop).toMatchObject({ id: 'pc-loop', type: 'loop/levels', position: { x: 40, y: 90 }, label: 'PC' });
    expect(loop.params).toMatchObject({ grid: 'time', steps: 30, tEnd: 1e-3, seed: 7, denoise: false });
    const body = loop.body!;
    expect(body.nodes.map((n) => [n.type, n.params])).toEqual([
      ['step/corrector', { snr: 0.2, stream: 1 }],
      ['step/corrector', { snr: 0.2, stream: 2 }],
      ['step/euler-maruyama', {}],
    ]);
    expect(body.edges.map((e) => `${e.source}→${e.target}`)).toEqual(['corrector1→corrector2', 'corrector2→euler-maruyama']);
    expect(body.inputs.x).toEqual([{ node: 'corrector1', port: 'x' }]);
    expect(body.inputs.level.map((b) => b.node)).toEqual(['corrector1', 'corrector2', 'euler-maruyama']);
    expect(body.output).toEqual({ node: 'euler-maruyama', port: 'x' });
  });

  it('fills in the sampler’s defaults and maps each sampler to its grid and step', () => {
    const grid = (type: string, params = {}) => {
      const l = expandSampler(node('n', type, params));
      return [l.params.grid, l.body!.nodes.map((n) => n.type).join(' ')];
    };
    expect(grid('sampler/ddpm')).toEqual(['chain', 'step/ddpm']);
    expect(grid('sampler/ddim')).toEqual(['ddim', 'step/ddim']);
    expect(grid('sampler/langevin')).toEqual(['fixed', 'step/langevin']);
    expect(grid('sampler/annealed-langevin')).toEqual(['sigmas', 'step/langevin']);
    expect(grid('sampler/reverse-sde')).toEqual(['time', 'step/euler-maruyama']);
    expect(grid('sampler/pc')).toEqual(['time', 'step/corrector step/euler-maruyama']);
    expect(grid('sampler/pf-ode')).toEqual(['time', 'step/pf-heun']);
    expect(expandSampler(node('n', 'sampler/ddim')).params).toMatchObject({ steps: 50, spacing: 'leading' });
    expect(expandSampler(node('n', 'sampler/annealed-langevin')).params).toMatchObject({ repeat: 100, denoise: true });
    expect(expandSampler(node('n', 'sampler/pf-ode', { method: 'euler' }), { sigmasGrid: true }).params).toMatchObject({ grid: 'sigmas', repeat: 1 });
  });

  it('refuses what has no loop of single steps, saying why', () => {
    expect(() => expandSampler(node('o', 'sampler/pf-ode', { method: 'rk4' }))).toThrow(/method rk4 has no single-step node .*choose euler or heun/);
    expect(() => expandSampler(node('o', 'sampler/pf-ode', { method: 'rk45' }))).toThrow(/adapts the step size/);
    expect(() => expandSampler(node('d', 'data/toy2d'))).toThrow(/'d' \(data\/toy2d\) is not a sampler that can be expanded/);
    expect(() => expandSampler(node('d', 'sampler/ddpm', { variance: 'huge' }))).toThrow(/invalid params/);
    expect(() => expandSampler(node('p', 'sampler/pc', { correctorSteps: 60 }))).toThrow(/needs 61 steps in its loop body; a body binds at most 50/);
    expect(canExpand('sampler/pf-ode')).toBe(true);
    expect(canExpand('loop/levels')).toBe(false);
  });
});

describe('expandInGraph', () => {
  const graph = () => {
    const g = samplerGraph(node('s', 'schedule/karras', { N: 8 }), 16, [node('S', 'sampler/pf-ode', { method: 'heun' })]);
    return GraphFileSchema.parse({
      ...g,
      nodes: [...g.nodes, node('view', 'view/trajectory'), node('S-loop', 'noise/normal')],
      edges: [...g.edges, { id: 'S.trajectory-view', source: 'S', sourcePort: 'trajectory', target: 'view', targetPort: 'trajectory' }],
      assertions: [{ node: 'S', port: 'nfe', lt: 100 }],
    });
  };

  it('replaces the node by its loop under a fresh id, moving its edges and assertions, and leaves the input graph alone', () => {
    const g = graph();
    const copy = structuredClone(g);
    const { graph: out, loopId } = expandInGraph(g, 'S');
    expect(g).toEqual(copy);
    expect(loopId).toBe('S-loop-2'); // 'S-loop' is taken
    expect(out.nodes.find((n) => n.id === 'S')).toBeUndefined();
    expect(out.nodes.find((n) => n.id === loopId)!.params).toMatchObject({ grid: 'sigmas' }); // fed by schedule/karras
    expect(out.edges.filter((e) => e.target === loopId).map((e) => e.targetPort).sort()).toEqual(['predictor', 'schedule', 'xT']);
    expect(out.edges.find((e) => e.id === 'S.trajectory-view')).toMatchObject({ source: loopId, sourcePort: 'trajectory', target: 'view' });
    expect(out.assertions).toEqual([{ node: loopId, port: 'nfe', lt: 100 }]);
    expect(parseGraphFile(out, registry).issues).toEqual([]);
    expect(() => expandInGraph(g, 'nope')).toThrow(/no node 'nope'/);
  });

  it('runs, and its loop draws other noise under another seed (the equivalence is not vacuous)', async () => {
    const g = samplerGraph(node('s', 'schedule/linear', { T: 20 }), 16, [node('S', 'sampler/ddpm', { seed: 1 })]);
    const { graph: expanded, loopId } = expandInGraph(g, 'S');
    const reseeded = { ...expanded, nodes: expanded.nodes.map((n) => (n.id === loopId ? { ...n, params: { ...n.params, seed: 2 } } : n)) };
    const ex = new Executor(registry);
    const before = tf.memory().numTensors;
    const x0 = async (graph: typeof g, id: string) => {
      const r = await ex.run(graph);
      expect(r.error).toBeUndefined();
      return values(ex.outputsOf(id)!.x0 as tf.Tensor);
    };
    const [a, b, c] = [await x0(g, 'S'), await x0(expanded, loopId), await x0(reseeded, loopId)];
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    ex.clear();
    expect(tf.memory().numTensors).toBe(before);
  });
});
