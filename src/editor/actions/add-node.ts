import type { GraphNode } from '../../engine/format';
import { acceptedTypes, portSpec } from '../../engine/ports';
import { checkConnection, type Connection } from '../graph/check-connection';
import { freeSpot } from '../graph/free-space';
import { uniqueNodeId } from '../graph/ids';
import { withEdge, withNodes } from '../graph/ops';
import { initialParams } from '../graph/param-fields';
import { getScoped, updateScoped } from '../loops/lens';
import { portsOf } from '../loops/ports';
import { INLINE } from '../components/NodePreview';
import { nodeDef } from '../registry';
import type { SearchState } from '../store/ui';
import { setSelection, useView } from '../store/view';

/**
 * Add a node of `type` at a flow position, select it, and when it completes a dragged
 * connection, connect its first fitting port. One undo step. Returns the new id.
 */
export function addNode(type: string, position: { x: number; y: number }, pending?: SearchState['pending']): string | null {
  const def = nodeDef(type);
  if (!def) return null;
  const graph = getScoped();
  const id = uniqueNodeId(type, new Set(graph.nodes.map((n) => n.id)));
  const params = initialParams(def);
  if (typeof params.seed === 'number') params.seed = unusedSeed(graph.nodes);
  const node: GraphNode = {
    id,
    type,
    typeVersion: def.version,
    params,
    // Room for the plot a node of these categories shows after a run, so it will not grow over a neighbour.
    position: freePosition(graph.nodes, position, INLINE.has(def.category) ? GROWN_NODE : NEW_NODE),
  };
  let next = withNodes(graph, [node]);
  const link = pending && pendingConnection(id, type, pending);
  if (link) {
    const check = checkConnection(next, link);
    if (check.ok) next = withEdge(next, link, check.replaces);
  }
  updateScoped(() => next);
  setSelection([id]);
  return id;
}

function pendingConnection(id: string, type: string, p: NonNullable<SearchState['pending']>): Connection | null {
  const def = nodeDef(type)!;
  if (p.from === 'source') {
    const port = Object.entries(def.inputs).find(([, decl]) => acceptedTypes(decl).includes(p.type))?.[0];
    return port ? { source: p.node, sourcePort: p.port, target: id, targetPort: port } : null;
  }
  const accepted = acceptedTypes(portsOf(getScoped().nodes.find((n) => n.id === p.node)?.type ?? '')?.inputs[p.port] ?? p.type);
  const port = Object.entries(def.outputs).find(([, decl]) => accepted.includes(portSpec(decl).type))?.[0];
  return port ? { source: id, sourcePort: port, target: p.node, targetPort: p.port } : null;
}

/** Whether a node type can complete a pending connection (the search box's filter). */
export function fitsPending(type: string, p: NonNullable<SearchState['pending']>): boolean {
  return pendingConnection('_', type, p) !== null;
}

/**
 * The smallest seed no node uses yet: nodes with equal seed params draw equal random
 * streams, which correlates, say, a sampler's step noise with its starting noise.
 */
function unusedSeed(nodes: readonly GraphNode[]): number {
  const used = new Set(nodes.map((n) => n.params.seed));
  let seed = 0;
  while (used.has(seed)) seed++;
  return seed;
}

/** A new node's size before it is measured (a node is 256 wide; most are about this tall). */
const NEW_NODE = { width: 256, height: 180 };
/** The same with the inline plot it draws after a run (NodePreview: 240 wide, up to 0.8 of that tall). */
const GROWN_NODE = { width: 256, height: 180 + 200 };

/** `want`, or the nearest place where a new node covers no other node (drops go to free space). */
function freePosition(nodes: readonly GraphNode[], want: { x: number; y: number }, size: { width: number; height: number }): { x: number; y: number } {
  const measured = useView.getState().measured;
  const boxes = nodes.map((n) => ({ ...n.position, width: measured[n.id]?.width ?? n.width ?? NEW_NODE.width, height: measured[n.id]?.height ?? n.height ?? NEW_NODE.height }));
  const spot = freeSpot({ x: Math.round(want.x), y: Math.round(want.y) }, size, boxes);
  return { x: Math.round(spot.x), y: Math.round(spot.y) };
}
