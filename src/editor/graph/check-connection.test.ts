import { describe, expect, it } from 'vitest';
import { validateGraph } from '../../engine/validate';
import { defaultGraph } from '../default-graph';
import { registry } from '../registry';
import { checkConnection } from './check-connection';
import { withEdge } from './ops';

describe('checkConnection', () => {
  const graph = defaultGraph();

  it('the default graph is valid for the engine', () => {
    const v = validateGraph(graph, registry);
    expect(v.issues).toEqual([]);
    expect([...v.nodeIssues.values()].flat()).toEqual([]);
  });

  it('refuses a type mismatch and names both types', () => {
    const check = checkConnection(graph, { source: 'schedule', sourcePort: 'schedule', target: 'swd', targetPort: 'a' });
    expect(check).toEqual({ ok: false, reason: expect.stringMatching(/schedule\.schedule is a schedule, but swd\.a takes tensor/) });
  });

  it('refuses a VAE on a score network input, saying why (the model port types are distinct)', () => {
    const g = {
      ...graph,
      nodes: [...graph.nodes, { id: 'vae', type: 'model/vae', typeVersion: 1, params: {}, position: { x: 0, y: 0 } }, { id: 'learned', type: 'score/model', typeVersion: 1, params: {}, position: { x: 0, y: 0 } }],
    };
    expect(checkConnection(g, { source: 'vae', sourcePort: 'model', target: 'learned', targetPort: 'model' })).toEqual({
      ok: false,
      reason: 'type mismatch: vae.model is a vae, but learned.model takes score-net',
    });
  });

  it('refuses a self-loop', () => {
    expect(checkConnection(graph, { source: 'ddpm', sourcePort: 'x0', target: 'ddpm', targetPort: 'xT' })).toEqual({ ok: false, reason: 'a node cannot feed its own input' });
  });

  it('finds a cycle through several nodes', () => {
    const g = {
      ...graph,
      nodes: [...graph.nodes, { id: 'ddpm2', type: 'sampler/ddpm', typeVersion: 1, params: {}, position: { x: 0, y: 0 } }],
    };
    const g2 = withEdge(g, { source: 'ddpm', sourcePort: 'x0', target: 'ddpm2', targetPort: 'xT' });
    const check = checkConnection(g2, { source: 'ddpm2', sourcePort: 'x0', target: 'ddpm', targetPort: 'xT' });
    expect(check).toEqual({ ok: false, reason: 'that would make a cycle: ddpm2 → ddpm → ddpm2' });
  });

  it('an input takes one edge: a new one replaces the old', () => {
    const check = checkConnection(graph, { source: 'fresh', sourcePort: 'x', target: 'ddpm', targetPort: 'xT' });
    expect(check).toEqual({ ok: true, replaces: 'noise.x->ddpm.xT' });
    expect(checkConnection(graph, { source: 'noise', sourcePort: 'x', target: 'ddpm', targetPort: 'xT' })).toEqual({ ok: false, reason: 'these ports are already connected' });
  });

  it('refuses unknown ports', () => {
    expect(checkConnection(graph, { source: 'noise', sourcePort: 'nope', target: 'ddpm', targetPort: 'xT' })).toEqual({ ok: false, reason: "noise has no output 'nope'" });
  });
});
