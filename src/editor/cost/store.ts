import { create } from 'zustand';
import type { GraphFile } from '../../engine/format';
import type { GraphEstimate, NodeEstimate } from '../../engine/estimate';
import { getEngine } from '../engine';
import { useGraph } from '../store/graph';

/**
 * The work estimate of every node a run would execute, from the worker (estimate.ts),
 * kept current while the graph changes: shown on samplers and trainers before they run
 * (NodeEstimateLine) and read by the confirmation before Run (actions/run.ts).
 */
interface CostState {
  byNode: Record<string, NodeEstimate>;
}

export const useCost = create<CostState>()(() => ({ byNode: {} }));

/** Wait this long after an edit before asking the worker (typing a number edits on every key). */
const DEBOUNCE_MS = 300;

let started = false;
let timer: ReturnType<typeof setTimeout> | undefined;
let asked: GraphFile | undefined;

async function refresh(graph: GraphFile): Promise<void> {
  asked = graph;
  let reply: GraphEstimate;
  try {
    reply = await getEngine().estimate(graph);
  } catch {
    return; // the worker is restarting: the next edit asks again
  }
  if (asked !== graph) return; // a newer graph was asked for meanwhile
  useCost.setState({ byNode: Object.fromEntries(reply.nodes.map((n) => [n.node, n])) });
}

/** Start keeping the estimates current (once; the first estimate line on the canvas calls it). */
export function watchEstimates(): void {
  if (started) return;
  started = true;
  void refresh(useGraph.getState().graph);
  useGraph.subscribe((state, prev) => {
    if (state.graph.nodes === prev.graph.nodes && state.graph.edges === prev.graph.edges) return;
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(useGraph.getState().graph), DEBOUNCE_MS);
  });
}
