import type { GraphNode } from '../../engine/format';
import type { ExpandReply } from '../../engine/api';
import type { GraphFile } from '../../engine/format';
import { NODE_WIDTH } from '../components/GraphNode';
import { getEngine } from '../engine';
import { manifestEntry, nodeDef } from '../registry';
import { getGraph, graphHistory, updateGraph, useGraph } from '../store/graph';
import { showToast, useUi } from '../store/ui';
import { setSelection, useView } from '../store/view';
import { defaultAnchors } from './body-graph';
import { openLoop } from './lens';
import { useLoops } from './store';

/** Selection and measured sizes belong to the nodes of one scope: a scope change starts them afresh. */
function resetView(selected: string[] = []): void {
  useView.setState({ selectedNodes: new Set(selected), selectedEdges: new Set(), measured: {} });
  useUi.setState({ search: null });
}

/** Show a loop's body on the canvas (double-click on the loop, its Open button); from the graph only. */
export function enterLoop(id: string): boolean {
  const loop = getGraph().nodes.find((n) => n.id === id);
  if (!loop?.body || useLoops.getState().scope !== null) return false;
  useLoops.setState({ scope: id, anchors: defaultAnchors(loop.body, NODE_WIDTH) });
  resetView();
  return true;
}

/** Back to the graph ("collapse" the loop to its one node), with the loop selected. */
export function leaveLoop(): void {
  const scope = useLoops.getState().scope;
  if (scope === null) return;
  useLoops.setState({ scope: null, anchors: null });
  resetView(getGraph().nodes.some((n) => n.id === scope) ? [scope] : []);
}

/**
 * Leave a body whose loop is gone (an undo of its expansion), or when another graph is
 * opened (replaceGraph clears the history, past and future, which no edit or undo does).
 */
export function watchScope(): () => void {
  const inside = () => useLoops.getState().scope !== null;
  const stopGraph = useGraph.subscribe((state) => {
    if (inside() && !openLoop(state.graph, useLoops.getState().scope)) leaveLoop();
  });
  const stopHistory = graphHistory.subscribe((h) => {
    if (inside() && !h.pastStates.length && !h.futureStates.length) leaveLoop();
  });
  return () => {
    stopGraph();
    stopHistory();
  };
}

/**
 * Expansion is graph data computed where the node types live (the worker:
 * nodes/loop/expand.ts); tests hand in the same function run in-process.
 */
type Expander = (graph: GraphFile, nodeId: string) => Promise<ExpandReply>;
let expander: Expander = (graph, nodeId) => getEngine().expand(graph, nodeId);

export function setExpander(next: Expander): void {
  expander = next;
}

/**
 * Why a node cannot be expanded into steps (null when it can; undefined when it is no
 * sampler at all, so no action is offered). Only at the graph's top level: loops do not nest.
 */
export function expandBlocker(node: GraphNode): string | null | undefined {
  if (!manifestEntry(node.type)?.expands) return undefined;
  if (useLoops.getState().scope !== null) return 'a loop body cannot hold a loop';
  const parsed = nodeDef(node.type)?.params.safeParse(node.params);
  if (parsed && !parsed.success) return `node '${node.id}' (${node.type}) has invalid params, fix them before expanding: ${parsed.error.issues.map((i) => i.message).join('; ')}`;
  return null;
}

/** Replace a whole-sampler node by the loop of its step nodes: one undo step; the loop is selected. */
export async function expandNode(id: string): Promise<string | null> {
  const before = getGraph();
  let reply: ExpandReply;
  try {
    reply = await expander(before, id);
  } catch (e) {
    reply = { ok: false, message: (e as Error).message };
  }
  if (reply.ok && getGraph() !== before) reply = { ok: false, message: 'the graph changed meanwhile; try again' };
  if (!reply.ok) {
    showToast(`Cannot expand: ${reply.message}`, 'error');
    return null;
  }
  const { graph, loopId } = reply;
  updateGraph(() => graph);
  setSelection([loopId]);
  return loopId;
}
