import { getGraph } from '../store/graph';
import { invalidFieldProblems } from '../store/invalid-fields';
import { useRun, type NodeRun } from '../store/run';
import { showToast } from '../store/ui';

/**
 * Before a run: a field holding a value its schema refused blocks the run, naming the node
 * and field (running would silently use the old value). True when the run is refused.
 */
export function refuseInvalidFields(): boolean {
  const graph = getGraph();
  const ids = new Set(graph.nodes.flatMap((n) => [n.id, ...(n.body?.nodes.map((b) => b.id) ?? [])]));
  const problems = invalidFieldProblems(ids);
  if (!problems.length) return false;
  const first = problems[0];
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  const message = `Not run: fix node '${first.node}', field '${first.field}' first: ${first.message}${more}`;
  useRun.setState({ last: { status: 'error', seconds: 0, message, node: first.node } });
  showToast(message, 'error', undefined, 8000);
  return true;
}

/**
 * After a run: nodes still queued or running never finished (a Stop, or an error that ended
 * the run first). They are marked 'skipped' ("not run"), so no badge claims a run is pending.
 */
export function markNotRun(): void {
  const nodes = useRun.getState().nodes;
  const open = Object.entries(nodes).filter(([, r]) => r.status === 'queued' || r.status === 'running');
  if (!open.length) return;
  const next: Record<string, NodeRun> = { ...nodes };
  for (const [id] of open) next[id] = { status: 'skipped' };
  useRun.setState({ nodes: next });
}

/** Where a run in progress is noted, so a reload can tell that it interrupted one (per tab). */
const RUN_KEY = 'dgl.run-in-progress';

export function markRunStarted(graphName: string): void {
  try {
    sessionStorage.setItem(RUN_KEY, JSON.stringify({ name: graphName, at: Date.now() }));
  } catch {
    // storage unavailable (private mode): nothing to report after a reload
  }
}

export function markRunEnded(): void {
  try {
    sessionStorage.removeItem(RUN_KEY);
  } catch {
    // as above
  }
}

/**
 * At startup: when the tab was reloaded (or closed) mid-run, say so once. The run's results
 * are gone with the worker; nothing shows them as current.
 */
export function reportInterruptedRun(): void {
  let raw: string | null;
  try {
    raw = sessionStorage.getItem(RUN_KEY);
    sessionStorage.removeItem(RUN_KEY);
  } catch {
    return;
  }
  if (!raw) return;
  let note: { name?: string; at?: number } = {};
  try {
    note = JSON.parse(raw) as typeof note;
  } catch {
    // a damaged note still means a run was interrupted
  }
  const when = note.at ? ` (started ${new Date(note.at).toLocaleTimeString()})` : '';
  const message = `The last run${note.name ? ` of “${note.name}”` : ''}${when} was interrupted by a reload: it did not finish and its results were not kept. Run again to see them.`;
  useRun.setState({ last: { status: 'cancelled', seconds: 0, message } });
  showToast(message, 'info', undefined, 10_000);
}
