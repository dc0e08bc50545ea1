import type { GraphFile } from '../../engine/format';
import { downstream } from '../graph/ops';
import { outerKey } from '../loops/run-keys';
import { useGraph } from './graph';
import { useRun } from './run';

/** Nodes whose params, type or incoming edges differ between two versions of the graph. */
export function changedNodes(prev: GraphFile, next: GraphFile): Set<string> {
  const changed = new Set<string>();
  const before = new Map(prev.nodes.map((n) => [n.id, n]));
  for (const n of next.nodes) {
    const p = before.get(n.id);
    if (!p || p.params !== n.params || p.type !== n.type || p.body !== n.body) changed.add(n.id);
  }
  if (prev.edges !== next.edges) {
    const key = (g: GraphFile) => new Set(g.edges.map((e) => `${e.source}.${e.sourcePort}>${e.target}.${e.targetPort}`));
    const a = key(prev);
    const b = key(next);
    for (const e of next.edges) if (!a.has(`${e.source}.${e.sourcePort}>${e.target}.${e.targetPort}`)) changed.add(e.target);
    for (const e of prev.edges) if (!b.has(`${e.source}.${e.sourcePort}>${e.target}.${e.targetPort}`)) changed.add(e.target);
  }
  return changed;
}

/**
 * After an edit, the badges of the changed nodes and everything downstream are cleared
 * (their results are out of date); their previews stay, dimmed, until the next run.
 */
export function watchStaleness(): () => void {
  return useGraph.subscribe((state, prev) => {
    if (state.graph === prev.graph || (state.graph.nodes === prev.graph.nodes && state.graph.edges === prev.graph.edges)) return;
    dropDeleted(state.graph);
    const changed = changedNodes(prev.graph, state.graph);
    if (!changed.size) return;
    const stale = downstream(state.graph, changed);
    const nodes = useRun.getState().nodes;
    if (![...stale].some((id) => id in nodes)) return;
    // A loop's body nodes (keys `<loop>/<node>`) go with their loop.
    const kept = Object.fromEntries(Object.entries(nodes).filter(([id]) => !stale.has(outerKey(id))));
    useRun.setState({ nodes: kept });
  });
}

/**
 * A deleted node takes its run entry along, and the toolbar's error about it: a message
 * about a node that is gone only confuses.
 */
function dropDeleted(graph: GraphFile): void {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const { nodes, last } = useRun.getState();
  const gone = Object.keys(nodes).filter((id) => !ids.has(outerKey(id)));
  const lastGone = last?.status === 'error' && last.node !== undefined && !ids.has(last.node);
  if (!gone.length && !lastGone) return;
  const kept = Object.fromEntries(Object.entries(nodes).filter(([id]) => ids.has(outerKey(id))));
  useRun.setState({ nodes: kept, ...(lastGone ? { last: null } : {}) });
}
