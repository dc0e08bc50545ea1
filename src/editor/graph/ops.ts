import type { GraphFile, GraphNode } from '../../engine/format';
import type { Connection } from './check-connection';
import { edgeId } from './ids';

/**
 * Pure edits of a graph file, or of any {nodes, edges} such as the view of a loop's body
 * (src/editor/loops/lens.ts); each returns a new one and shares what it did not touch.
 */
export type Scoped = Pick<GraphFile, 'nodes' | 'edges'>;

export function withNodes<G extends Scoped>(graph: G, nodes: readonly GraphNode[]): G {
  return nodes.length ? { ...graph, nodes: [...graph.nodes, ...nodes] } : graph;
}

export function withEdge<G extends Scoped>(graph: G, c: Connection, replaces?: string): G {
  const kept = replaces ? graph.edges.filter((e) => e.id !== replaces) : graph.edges;
  const id = edgeId(c, new Set(kept.map((e) => e.id)));
  return { ...graph, edges: [...kept, { id, ...c }] };
}

/** Remove nodes (with every edge touching them) and edges. */
export function without<G extends Scoped>(graph: G, nodeIds: ReadonlySet<string>, edgeIds: ReadonlySet<string> = new Set()): G {
  if (!nodeIds.size && !edgeIds.size) return graph;
  return {
    ...graph,
    nodes: graph.nodes.filter((n) => !nodeIds.has(n.id)),
    edges: graph.edges.filter((e) => !edgeIds.has(e.id) && !nodeIds.has(e.source) && !nodeIds.has(e.target)),
  };
}

export function mapNode<G extends Scoped>(graph: G, id: string, change: (n: GraphNode) => GraphNode): G {
  let changed = false;
  const nodes = graph.nodes.map((n) => {
    if (n.id !== id) return n;
    const next = change(n);
    changed ||= next !== n;
    return next;
  });
  return changed ? { ...graph, nodes } : graph;
}

export function withParam<G extends Scoped>(graph: G, id: string, key: string, value: unknown): G {
  return mapNode(graph, id, (n) => {
    if (Object.is(n.params[key], value)) return n;
    const params = { ...n.params };
    if (value === undefined) delete params[key];
    else params[key] = value;
    return { ...n, params };
  });
}

export function withPositions<G extends Scoped>(graph: G, positions: ReadonlyMap<string, { x: number; y: number }>): G {
  if (!positions.size) return graph;
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      const p = positions.get(n.id);
      return p && (p.x !== n.position.x || p.y !== n.position.y) ? { ...n, position: { x: p.x, y: p.y } } : n;
    }),
  };
}

/** The nodes downstream of `ids` (themselves included), following edges. */
export function downstream(graph: Scoped, ids: Iterable<string>): Set<string> {
  const seen = new Set(ids);
  const queue = [...seen];
  while (queue.length) {
    const id = queue.pop()!;
    for (const e of graph.edges) {
      if (e.source === id && !seen.has(e.target)) {
        seen.add(e.target);
        queue.push(e.target);
      }
    }
  }
  return seen;
}
