import { memo, useMemo } from 'react';
import { formatValue } from '../draw/images';
import { useFocusNode } from '../lessons/focus';
import { useGraph } from '../store/graph';
import { useRun } from '../store/run';
import { checklist, tally, type CheckRow, type CheckState } from './checklist';
import './checks.css';

const MARK: Record<CheckState, string> = { pass: '✓', fail: '✗', 'not-run': '○', stale: '◌' };
const WORD: Record<CheckState, string> = { pass: 'pass', fail: 'fail', 'not-run': 'not run', stale: 'stale' };

/** The graph's checklist, recomputed when the assertions or the run results change. */
export function useChecklist(): CheckRow[] {
  const assertions = useGraph((s) => s.graph.assertions);
  const outputs = useRun((s) => s.outputs);
  const runs = useRun((s) => s.nodes);
  return useMemo(() => checklist(assertions, outputs, runs), [assertions, outputs, runs]);
}

const Row = memo(function Row({ row, focus }: { row: CheckRow; focus: (id: string) => void }) {
  const { assertion: a, state } = row;
  const measured = row.value !== undefined ? formatValue(row.value) : '—';
  return (
    <li className={`check check-${state}`} data-testid={`check-${row.index}`} data-state={state} data-node={a.node} title={row.reason ?? a.claim ?? ''}>
      <span className="check-mark" aria-label={WORD[state]}>
        {MARK[state]}
      </span>
      <span className="check-text">
        <span className="check-claim">{a.claim ?? `${a.node}.${a.port} ${row.bounds}`}</span>
        <span className="check-reading">
          <button className="check-node" onClick={() => focus(a.node)} title="Show this node on the canvas">
            {a.node}.{a.port}
          </button>{' '}
          = <b>{measured}</b> <span className="muted">(needs {row.bounds})</span> <span className={`check-word check-word-${state}`}>{WORD[state]}</span>
          {row.reason && state !== 'pass' && state !== 'fail' && <span className="muted"> · {row.reason}</span>}
        </span>
      </span>
    </li>
  );
});

/**
 * The assertions of the open graph as a checklist (pass / fail / not run / stale, with the
 * measured value and the bound): the claims a lesson makes, checked on this run.
 */
export function Checklist({ compact = false, width }: { compact?: boolean; width?: number }) {
  const rows = useChecklist();
  const focus = useFocusNode();
  if (!rows.length) return null;
  const t = tally(rows);
  return (
    <section className={`checklist${compact ? ' compact' : ''}`} style={width ? { width } : undefined} data-testid="checklist" data-pass={t.pass} data-fail={t.fail} data-not-run={t['not-run']} data-stale={t.stale}>
      <header className="checklist-head">
        <b>Checks</b>
        <span className={`checklist-tally${t.fail ? ' failing' : t.pass === rows.length ? ' passing' : ''}`}>
          {t.pass} of {rows.length} pass
          {t.fail ? ` · ${t.fail} fail` : ''}
          {t['not-run'] ? ` · ${t['not-run']} not run` : ''}
          {t.stale ? ` · ${t.stale} stale` : ''}
        </span>
      </header>
      <ol className="checklist-rows">
        {rows.map((r) => (
          <Row key={r.index} row={r} focus={focus} />
        ))}
      </ol>
    </section>
  );
}

/**
 * The checklist in brief, for the results strip while the lessons panel lists it in full
 * beside the notes: the tally, a mark per check (its claim and reading as a tooltip), the
 * failing rows in full, and a way to the full list.
 */
export function ChecklistSummary({ width }: { width: number }) {
  const rows = useChecklist();
  const focus = useFocusNode();
  if (!rows.length) return null;
  const t = tally(rows);
  // Failures in full (a run that has not happened yet is said by the marks and the tally).
  const open = rows.filter((r) => r.state === 'fail');
  const showAll = () => document.querySelector('.reading [data-testid="checklist"]')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  return (
    <section className="checklist checklist-summary" style={{ width }} data-testid="checklist" data-pass={t.pass} data-fail={t.fail} data-not-run={t['not-run']} data-stale={t.stale}>
      <header className="checklist-head">
        <b>Checks</b>
        <button className="checklist-show" onClick={showAll} title="Scroll the lessons panel to the full list, with each claim">
          full list ←
        </button>
      </header>
      <div className={`checklist-count${t.fail ? ' failing' : t.pass === rows.length ? ' passing' : ''}`}>
        {t.pass} of {rows.length} pass
      </div>
      <div className="checklist-marks" aria-label="Each check">
        {rows.map((r) => (
          <span key={r.index} className={`check-${r.state}`} data-state={r.state} title={`${r.assertion.claim ?? ''}\n${r.assertion.node}.${r.assertion.port} = ${r.value !== undefined ? formatValue(r.value) : '—'} (needs ${r.bounds}): ${WORD[r.state]}`}>
            {MARK[r.state]}
          </span>
        ))}
      </div>
      {open.length > 0 && (
        <ol className="checklist-rows">
          {open.map((r) => (
            <Row key={r.index} row={r} focus={focus} />
          ))}
        </ol>
      )}
    </section>
  );
}

/** On a node: how the assertions that read it fare (✓ 2 checks · ✗ 1 of 2), or nothing when none read it. */
export const NodeChecks = memo(function NodeChecks({ id }: { id: string }) {
  // Most nodes are read by no assertion: they subscribe to nothing else.
  const read = useGraph((s) => s.graph.assertions.some((a) => a.node === id));
  return read ? <NodeChecksBadge id={id} /> : null;
});

function NodeChecksBadge({ id }: { id: string }) {
  const rows = useChecklist();
  const mine = rows.filter((r) => r.assertion.node === id);
  if (!mine.length) return null;
  const t = tally(mine);
  const state: CheckState = t.fail ? 'fail' : t.pass === mine.length ? 'pass' : t.stale ? 'stale' : 'not-run';
  const title = mine.map((r) => `${MARK[r.state]} ${r.assertion.claim ?? r.assertion.port} (${r.assertion.port} ${r.bounds}${r.value !== undefined ? `; ${formatValue(r.value)}` : ''})`).join('\n');
  return (
    <span className={`node-checks check-${state}`} data-testid={`node-checks-${id}`} data-state={state} title={title}>
      {MARK[state]} {state === 'fail' ? `${t.fail} of ${mine.length}` : mine.length === 1 ? 'check' : `${mine.length} checks`}
    </span>
  );
}
