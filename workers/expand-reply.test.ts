import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../nodes';
import { parseGraphFile } from '../src/engine/load';
import { validateGraph } from '../src/engine/validate';
import { expandReply } from './expand-reply';

const registry = createRegistry();
const graph = parseGraphFile(readFileSync(new URL('../graphs/ddpm-8gaussians.json', import.meta.url), 'utf8'), registry).graph!;

describe('expand over the worker API', () => {
  it('replaces the sampler by a valid loop of its steps, moving its edges', () => {
    const sampler = graph.nodes.find((n) => n.type === 'sampler/ddpm')!;
    const reply = expandReply(graph, sampler.id);
    if (!reply.ok) throw new Error(reply.message);
    const loop = reply.graph.nodes.find((n) => n.id === reply.loopId)!;
    expect(loop.type).toBe('loop/levels');
    expect(loop.body!.nodes.map((n) => n.type)).toEqual(['step/ddpm']);
    expect(reply.graph.nodes.some((n) => n.id === sampler.id)).toBe(false);
    expect(reply.graph.edges.filter((e) => e.source === sampler.id || e.target === sampler.id)).toEqual([]);
    const v = validateGraph(reply.graph, registry);
    expect([...v.issues, ...[...v.nodeIssues.values()].flat()]).toEqual([]);
  });

  it('says why a node cannot be expanded, as data', () => {
    expect(expandReply(graph, 'no-such-node')).toEqual({ ok: false, message: "there is no node 'no-such-node' to expand" });
    const other = graph.nodes.find((n) => !n.type.startsWith('sampler/'))!;
    const reply = expandReply(graph, other.id);
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.message).toMatch(/is not a sampler that can be expanded/);
  });
});
