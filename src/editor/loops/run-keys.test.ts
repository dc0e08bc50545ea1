import { describe, expect, it } from 'vitest';
import type { GraphFile } from '../../engine/format';
import { validateGraph } from '../../engine/validate';
import { expandInGraph } from '../../../nodes/loop/expand';
import { defaultGraph } from '../default-graph';
import { registry } from '../registry';
import { bodyErrorKey, issueKeys, outerKey } from './run-keys';

/** The default graph with its sampler expanded, and its loop's body changed by `edit`. */
function withBody(edit: (body: NonNullable<GraphFile['nodes'][number]['body']>) => void): GraphFile {
  const { graph } = expandInGraph(defaultGraph(), 'ddpm');
  const loop = graph.nodes.find((n) => n.id === 'ddpm-loop')!;
  loop.body = structuredClone(loop.body!);
  edit(loop.body);
  return graph;
}

/** Every validation issue as the run reply carries it, mapped to run-store keys. */
function keysOf(graph: GraphFile): string[][] {
  const v = validateGraph(graph, registry);
  return [...v.issues, ...[...v.nodeIssues.values()].flat()].map((i) => issueKeys(graph, i));
}

describe('run-store keys of body problems', () => {
  it('a body node’s own problem (an unconnected input, a bad param) goes to the loop and to the body node', () => {
    const graph = withBody((b) => {
      b.inputs.schedule = [];
      b.nodes.push({ id: 'corrector', type: 'step/corrector', typeVersion: 1, params: { snr: -1 }, position: { x: 0, y: 0 } });
    });
    const keys = keysOf(graph);
    expect(keys).toContainEqual(['ddpm-loop', 'ddpm-loop/ddpm']);
    expect(keys).toContainEqual(['ddpm-loop', 'ddpm-loop/corrector']);
    expect(keys.every((k) => k[0] === 'ddpm-loop')).toBe(true);
  });

  it('a binding of the wrong type goes to the node it feeds; a missing output node only to the loop', () => {
    const graph = withBody((b) => {
      b.inputs.level = [{ node: 'ddpm', port: 'x' }];
      b.inputs.x = [];
      b.output = { node: 'gone', port: 'x' };
    });
    expect(keysOf(graph)).toEqual(expect.arrayContaining([['ddpm-loop', 'ddpm-loop/ddpm'], ['ddpm-loop']]));
  });

  it('top-level issues keep their node', () => {
    const graph = defaultGraph();
    graph.edges = graph.edges.filter((e) => e.target !== 'ddpm' || e.targetPort !== 'xT');
    expect(keysOf(graph)).toEqual([['ddpm']]);
  });

  it('a run error with a bodyNode goes to that node too, whatever its message says', () => {
    expect(bodyErrorKey({ node: 'L', bodyNode: 'ddpm' })).toBe('L/ddpm');
    expect(bodyErrorKey({ node: 'L' })).toBeNull();
    expect(outerKey('L/ddpm')).toBe('L');
    expect(outerKey('ddpm')).toBe('ddpm');
  });
});
