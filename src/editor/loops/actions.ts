import type { GraphNode } from '../../engine/format';
import { canExpand, ExpandError, expandInGraph, expandSampler } from '../../../nodes/loop/expand';
import { NODE_WIDTH } from '../components/GraphNode';
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
 * Why a node cannot be expanded into steps (null when it can; undefined when it is no
 * sampler at all, so no action is offered). Only at the graph's top level: loops do not nest.
 */
export function expandBlocker(node: GraphNode): string | null | undefined {
  if (!canExpand(node.type)) return undefined;
  if (useLoops.getState().scope !== null) return 'a loop body cannot hold a loop';
  try {
    expandSampler(node);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Replace a whole-sampler node by the loop of its step nodes: one undo step; the loop is selected. */
export function expandNode(id: string): string | null {
  try {
    const { graph, loopId } = expandInGraph(getGraph(), id);
    updateGraph(() => graph);
    setSelection([loopId]);
    return loopId;
  } catch (e) {
    if (!(e instanceof ExpandError)) throw e;
    showToast(`Cannot expand: ${e.message}`, 'error');
    return null;
  }
}
