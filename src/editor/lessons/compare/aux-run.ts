import type { RunReply } from '../../../engine/api';
import type { GraphFile } from '../../../engine/format';
import { backendReady } from '../../actions/backend';
import { getEngine } from '../../engine';
import { useRun } from '../../store/run';
import { useCompare } from './store';

/**
 * Run extra nodes (field or metrics) through the worker, like any run, but outside the
 * run store: the canvas's badges and results are left as the user's last run made them.
 */
export async function runAux(graph: GraphFile, targets: string[]): Promise<RunReply> {
  await backendReady();
  const reply = await getEngine().run(graph, { targets }).result;
  if (reply.status !== 'done') throw new Error(reply.error?.message ?? reply.issues?.[0]?.message ?? `the run ended: ${reply.status}`);
  return reply;
}

let watching = false;

/**
 * Keep the compare view in step with the user's runs: every finished run drops the fields
 * and metrics computed from the one before, and each node's last measured seconds are kept
 * (a node found cached in a later run still shows the time it took).
 */
export function watchRuns(): void {
  if (watching) return;
  watching = true;
  useRun.subscribe((s, prev) => {
    if (s.last !== prev.last && s.last) useCompare.setState({ fields: {}, metrics: null });
    if (s.nodes === prev.nodes) return;
    const seconds = useCompare.getState().seconds;
    const fresh = Object.entries(s.nodes).filter(([id, r]) => r.status === 'done' && r.seconds !== undefined && seconds[id] !== r.seconds);
    if (fresh.length) useCompare.setState({ seconds: { ...seconds, ...Object.fromEntries(fresh.map(([id, r]) => [id, r.seconds!])) } });
  });
}
