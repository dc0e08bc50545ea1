import type { GraphFile, GraphNode, LoopBody } from '../../engine/format';
import { mapNode, type Scoped } from '../graph/ops';
import { getGraph, updateGraph, useGraph } from '../store/graph';
import { bodyEdges, portNodes, writeBody, type Anchors } from './body-graph';
import { LOOP_IN, LOOP_OUT } from './ports';
import { useLoops } from './store';

/**
 * The lens every edit goes through: the {nodes, edges} the canvas shows and edits — the
 * graph file itself, or the view of the open loop's body (body-graph.ts) — read with
 * getScoped/useScoped and changed with updateScoped, which writes a body back into its
 * loop node (graph.nodes[i].body). Either way the change is one edit of the graph file,
 * so undo, autosave and the run cache see it like any other.
 */

/** The open loop node, if the scope names one that (still) has a body. */
export function openLoop(graph: GraphFile, scope: string | null): GraphNode | null {
  if (scope === null) return null;
  const loop = graph.nodes.find((n) => n.id === scope);
  return loop?.body ? loop : null;
}

const NO_ANCHORS: Anchors = { in: { x: -360, y: 0 }, out: { x: 360, y: 0 } };

/**
 * One body is open at a time: the last view is remembered part by part (the two port
 * nodes, the edge list, the node list), so a selector's result keeps its identity
 * between reads and a drag of one node rebuilds only the node list.
 */
let memo: { type: string; anchors: Anchors; ports: [GraphNode, GraphNode]; body: LoopBody; view: Scoped } | null = null;

function viewOf(loop: GraphNode, anchors: Anchors): Scoped {
  const body = loop.body!;
  const m = memo?.type === loop.type ? memo : null;
  if (m && m.body === body && m.anchors === anchors) return m.view;
  const ports = m && m.anchors === anchors ? m.ports : portNodes(loop.type, anchors);
  const sameLinks = m && m.body.edges === body.edges && m.body.inputs === body.inputs && m.body.output === body.output;
  const edges = sameLinks ? m.view.edges : bodyEdges(body);
  const nodes = m && m.body.nodes === body.nodes && m.ports === ports ? m.view.nodes : [ports[0], ...body.nodes, ports[1]];
  const view = m && nodes === m.view.nodes && edges === m.view.edges ? m.view : { nodes, edges };
  memo = { type: loop.type, anchors, ports, body, view };
  return view;
}

/** What the canvas shows of `graph` in `scope` (the graph itself at the top level). */
export function scopedOf(graph: GraphFile, scope: string | null, anchors: Anchors | null): Scoped {
  const loop = openLoop(graph, scope);
  return loop ? viewOf(loop, anchors ?? NO_ANCHORS) : graph;
}

export function getScoped(): Scoped {
  const { scope, anchors } = useLoops.getState();
  return scopedOf(getGraph(), scope, anchors);
}

/** A selector over what the canvas shows (re-renders only when its result changes). */
export function useScoped<T>(select: (s: Scoped) => T): T {
  const scope = useLoops((s) => s.scope);
  const anchors = useLoops((s) => s.anchors);
  return useGraph((s) => select(scopedOf(s.graph, scope, anchors)));
}

/** Apply an edit to what the canvas shows: one undo step (unless a gesture is open). */
export function updateScoped(change: (s: Scoped) => Scoped): void {
  const { scope, anchors } = useLoops.getState();
  const graph = getGraph();
  const loop = openLoop(graph, scope);
  const view = scopedOf(graph, scope, anchors);
  const next = change(view);
  if (next === view) return;
  if (!loop) {
    updateGraph((g) => ({ ...g, nodes: next.nodes, edges: next.edges }));
    return;
  }
  moveAnchors(next, anchors ?? NO_ANCHORS);
  const body = writeBody(next, view, loop.body!);
  if (body !== loop.body) updateGraph((g) => mapNode(g, loop.id, (n) => ({ ...n, body })));
}

/** The inputs and output nodes live in the view store: a drag of one moves its anchor. */
function moveAnchors(view: Scoped, anchors: Anchors): void {
  const at = (id: string) => view.nodes.find((n) => n.id === id)?.position;
  const a = at(LOOP_IN) ?? anchors.in;
  const b = at(LOOP_OUT) ?? anchors.out;
  if (a !== anchors.in || b !== anchors.out) useLoops.setState({ anchors: { in: a, out: b } });
}

