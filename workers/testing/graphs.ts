import type { GraphFile, GraphFileInput } from '../../src/engine/format';
import { GraphFileSchema } from '../../src/engine/format';

/** Small graphs of the test node types (src/engine/__fixtures__ and ./test-registry). */
export function testGraph(nodes: GraphFileInput['nodes'], edges: GraphFileInput['edges'] = [], seed = 0): GraphFile {
  return GraphFileSchema.parse({ format: 'diffusion-graph-lab/graph', version: 1, name: 'test', seed, nodes, edges });
}

export const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, typeVersion: type === 'test/constant' ? 2 : 1, params });

export const edge = (source: string, sourcePort: string, target: string, targetPort: string) => ({
  id: `${source}.${sourcePort}->${target}.${targetPort}`,
  source,
  sourcePort,
  target,
  targetPort,
});

/** constant + noise → add: `sum.total` is 3·value + Σ noise. */
export const sumGraph = (value = 1) => testGraph([node('c', 'test/constant', { value }), node('n', 'test/noise'), node('sum', 'test/add')], [edge('c', 'x', 'sum', 'a'), edge('n', 'x', 'sum', 'b')]);

/** A long loop that checks for cancel. */
export const slowGraph = (steps = 100_000) => testGraph([node('c', 'test/constant'), node('slow', 'test/slow', { steps })], [edge('c', 'x', 'slow', 'x')]);

/** A node that throws, between two that work. */
export const failingGraph = () =>
  testGraph([node('c', 'test/constant'), node('bad', 'test/fail'), node('after', 'test/add')], [edge('c', 'x', 'bad', 'x'), edge('bad', 'y', 'after', 'a')]);
