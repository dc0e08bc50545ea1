import type { OutputSummary } from '../../engine/api';
import { boundsText, brokenBounds } from '../../engine/assertion-bounds';
import type { Assertion } from '../../engine/format';
import { formatValue } from '../draw/images';
import type { NodeRun } from '../store/run';

/**
 * pass / fail: judged on the value of the last run; not-run: no value yet (or the node
 * failed); stale: a value from an earlier run, but the node (or what feeds it) was edited since.
 */
export type CheckState = 'pass' | 'fail' | 'not-run' | 'stale';

export interface CheckRow {
  /** Position in the graph's `assertions`. */
  index: number;
  assertion: Assertion;
  state: CheckState;
  value?: number;
  /** The bounds as written: "< 0.15", "> 0.22 and < 0.6", "≈ 100 ± 0.5". */
  bounds: string;
  /** Why there is no verdict, for not-run rows. */
  reason?: string;
}

/**
 * The graph's assertions as a checklist against the editor's run results: the same bounds
 * the CLI and CI check (engine/assertion-bounds.ts), on the scalar each assertion reads.
 * A node's run entry is dropped when it goes stale (store/stale.ts) while its outputs stay.
 */
export function checklist(assertions: readonly Assertion[], outputs: Readonly<Record<string, OutputSummary[]>>, runs: Readonly<Record<string, NodeRun>>): CheckRow[] {
  return assertions.map((assertion, index) => {
    const bounds = boundsText(assertion, formatValue);
    const run = runs[assertion.node];
    const value = outputs[assertion.node]?.find((o) => o.port === assertion.port)?.value;
    if (run?.status === 'error') return { index, assertion, state: 'not-run', bounds, reason: `node '${assertion.node}' failed` };
    if (value === undefined) {
      const reason = run?.status === 'skipped' || run?.status === 'cancelled' ? 'the run stopped before this node' : outputs[assertion.node] ? `no number on port '${assertion.port}'` : 'not run yet';
      return { index, assertion, state: 'not-run', bounds, reason };
    }
    if (!run) return { index, assertion, state: 'stale', value, bounds, reason: 'edited since this value was computed' };
    return { index, assertion, state: brokenBounds(assertion, value).length ? 'fail' : 'pass', value, bounds };
  });
}

/** Counts of a checklist by state. */
export function tally(rows: readonly CheckRow[]): Record<CheckState, number> {
  const t: Record<CheckState, number> = { pass: 0, fail: 0, 'not-run': 0, stale: 0 };
  for (const r of rows) t[r.state]++;
  return t;
}
