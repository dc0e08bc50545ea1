import type { GraphFile } from '../../engine/format';
import { getEngine } from '../engine';
import { useRun } from '../store/run';
import { showToast } from '../store/ui';
import { confirmLargeRun } from './confirm-dialog';

/**
 * Before Run (issue 16, "cost before running"; issue 17, finding 6): the worker estimates
 * what the run would execute. A node past the hard bound refuses the run with its
 * estimate and the bound; nodes past the soft bound are named in a dialog that asks.
 * Resolves to the run's `largeWork` ('allow' only after Run anyway), or null when the
 * run must not start (refused, or the user cancelled: nothing starts, nothing changes).
 */
export async function largeWorkForRun(graph: GraphFile, targets: string[] | undefined): Promise<'allow' | 'refuse' | null> {
  let estimate;
  try {
    estimate = await getEngine().estimate(graph, targets);
  } catch {
    return 'refuse'; // no estimate (the worker restarts): the run's own check refuses past the bound
  }
  const hard = estimate.nodes.filter((n) => n.level === 'hard');
  if (hard.length) {
    const message = `Not run: ${hard.map((n) => n.message).join('; ')}`;
    useRun.setState({ last: { status: 'error', seconds: 0, message, node: hard[0].node } });
    showToast(message, 'error', undefined, 10_000);
    return null;
  }
  const soft = estimate.nodes.filter((n) => n.level === 'soft');
  // Nothing past the soft bound: the run refuses one that turns out past it once real sizes
  // are known, unless some size was unknown here (then only the hard bound applies: a run
  // must not fail on a bound the user was never asked about).
  if (!soft.length) return estimate.nodes.some((n) => n.unknown?.length) ? 'allow' : 'refuse';
  return (await confirmLargeRun(soft)) ? 'allow' : null;
}
