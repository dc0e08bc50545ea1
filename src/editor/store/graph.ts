import { temporal } from 'zundo';
import { create } from 'zustand';
import type { GraphFile } from '../../engine/format';
import { defaultGraph } from '../default-graph';

/**
 * The document: a graph file, nothing else. Every change to it is one undo step,
 * except during a gesture (a drag), which becomes one step when it ends.
 */
export interface GraphState {
  graph: GraphFile;
}

const HISTORY_LIMIT = 200;

export const useGraph = create<GraphState>()(
  temporal(() => ({ graph: defaultGraph() }), {
    partialize: (s) => ({ graph: s.graph }),
    equality: (a, b) => a.graph === b.graph,
    limit: HISTORY_LIMIT,
  }),
);

export const graphHistory = useGraph.temporal;

export function getGraph(): GraphFile {
  return useGraph.getState().graph;
}

/** Apply a change to the document (one undo step unless a gesture is open). */
export function updateGraph(change: (graph: GraphFile) => GraphFile): void {
  const before = getGraph();
  const after = change(before);
  if (after !== before) useGraph.setState({ graph: after });
}

let gestureStart: GraphFile | null = null;

/** Start a gesture (drag, resize): its intermediate states stay out of the history. */
export function beginGesture(): void {
  if (gestureStart) return;
  gestureStart = getGraph();
  graphHistory.getState().pause();
}

/** End a gesture: the whole of it becomes one undo step. */
export function endGesture(): void {
  const start = gestureStart;
  if (!start) return;
  gestureStart = null;
  graphHistory.getState().resume();
  if (getGraph() !== start) {
    graphHistory.setState((h) => ({ pastStates: [...h.pastStates, { graph: start }].slice(-HISTORY_LIMIT), futureStates: [] }));
  }
}

/** Replace the document and forget the history (opening a file). */
export function replaceGraph(graph: GraphFile): void {
  graphHistory.getState().pause();
  useGraph.setState({ graph });
  graphHistory.getState().resume();
  graphHistory.getState().clear();
}
