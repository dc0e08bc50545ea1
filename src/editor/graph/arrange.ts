import dagre from '@dagrejs/dagre';
import type { GraphEdge, GraphNode } from '../../engine/format';
import { notesInOrder } from '../lessons/reading-order';
import type { Box } from './free-space';

/** Gaps of the layered layout (flow units): between nodes of one layer, between layers, between notes. */
export const ARRANGE_GAPS = { node: 50, layer: 110, note: 40 };

/**
 * A layered ("Sugiyama") layout of a graph by dagre: data flows left to right, one layer per
 * step from the sources, few crossings. Notes take no part in the flow: they go in a row
 * above it, in their reading order. Returns the new top-left of every node.
 */
export function arrangeLayered(nodes: readonly GraphNode[], edges: readonly GraphEdge[], size: (n: GraphNode) => { width: number; height: number }): Map<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: ARRANGE_GAPS.node, ranksep: ARRANGE_GAPS.layer, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const flow = nodes.filter((n) => n.type !== 'note');
  // In reading order, so the row reads as the notes did (and the lessons pane keeps its order).
  const notes = notesInOrder({ nodes: [...nodes] });
  for (const n of flow) g.setNode(n.id, { ...size(n) });
  for (const e of edges) if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target, {}, e.id);
  dagre.layout(g);
  const out = new Map<string, { x: number; y: number }>();
  let top = Infinity;
  let left = Infinity;
  for (const n of flow) {
    // dagre gives centres; the graph file keeps top-left corners.
    const p = g.node(n.id) as { x: number; y: number; width: number; height: number };
    const pos = { x: Math.round(p.x - p.width / 2), y: Math.round(p.y - p.height / 2) };
    out.set(n.id, pos);
    top = Math.min(top, pos.y);
    left = Math.min(left, pos.x);
  }
  if (!flow.length) [top, left] = [0, 0];
  const tallest = Math.max(0, ...notes.map((n) => size(n).height));
  let x = left;
  for (const n of notes) {
    out.set(n.id, { x, y: Math.round(top - ARRANGE_GAPS.layer - tallest) });
    x += size(n).width + ARRANGE_GAPS.note;
  }
  return out;
}

/** Whether two boxes overlap (for tests and checks). */
export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
