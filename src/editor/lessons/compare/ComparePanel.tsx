import { useEffect } from 'react';
import { PLOT } from '../../draw/frame';
import { useRun } from '../../store/run';
import { watchRuns } from './aux-run';
import { CompareCell } from './CompareCell';
import { requestFields } from './fields';
import { MetricsTable } from './MetricsTable';
import { refKey } from './model';
import { ScrubBar } from './ScrubBar';
import { toggleHidden, useCompare } from './store';
import { useCompareData, type CompareData } from './use-compare-data';
import './compare.css';

/** While trajectories are scrubbed with the field on, ask the engine for the fields of this t (throttled in fields.ts). */
function useFieldRequests(data: CompareData, enabled: boolean): void {
  const running = useRun((s) => s.runId !== null);
  const fieldsCleared = useCompare((s) => Object.keys(s.fields).length === 0);
  useEffect(() => {
    if (!enabled || running || !data.grid) return;
    const requests = data.views.flatMap((v) => (v.field && v.entry.current ? [v.field] : []));
    if (requests.length) requestFields(requests, data.grid);
  }, [data, enabled, running, fieldsCleared]);
}

function Chips({ data }: { data: CompareData }) {
  const hidden = useCompare((s) => s.hidden);
  const colors = new Map(data.entries.map((e, i) => [e.id, i]));
  return (
    <div className="compare-chips" data-testid="compare-chips">
      {data.entries.map((e) => {
        const on = !hidden.includes(e.id);
        return (
          <button key={e.id} className={`cmp-chip${on ? ' on' : ''}`} aria-pressed={on} data-testid={`compare-pick-${e.id}`} onClick={() => toggleHidden(e.id)} title={on ? 'Leave out of the comparison' : 'Compare'}>
            <span className="compare-dot" style={{ background: on ? PLOT.palette[colors.get(e.id)! % PLOT.palette.length] : 'transparent' }} />
            {e.label}
          </button>
        );
      })}
    </div>
  );
}

/** The compare view over the stage: samplers side by side on shared axes, scrubbed to one t, with their metrics. */
export function ComparePanel() {
  const open = useCompare((s) => s.open);
  const field = useCompare((s) => s.field);
  useEffect(() => watchRuns(), []);
  useEffect(() => {
    if (!open) return;
    // Captured first: Escape closes this view and does not also stop a run (the editor's Escape).
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || (e.target as HTMLElement | null)?.closest?.('textarea, input[type=text]')) return;
      e.stopPropagation();
      useCompare.setState({ open: false });
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [open]);
  const data = useCompareData();
  useFieldRequests(data, open && data.mode === 'trajectories' && field);
  if (!open) return null;
  const { views, references, reference, axis, t, bounds, grid, labels } = data;
  const shown = data.mode;
  // No sampler with a trajectory: the trajectories mode would show empty panels, so it is off (and says why).
  const noTrajectories = data.entries.every((e) => !e.trajectory);
  const seg = (m: CompareData['mode'], text: string, off = false) => (
    <button
      className={shown === m ? 'active' : ''}
      aria-pressed={shown === m}
      data-testid={`compare-mode-${m}`}
      disabled={off}
      title={off ? 'No sampler here has a trajectory view connected (connect view/trajectory to a sampler’s trajectory output)' : undefined}
      onClick={() => useCompare.setState({ mode: m })}
    >
      {text}
    </button>
  );
  // In trajectories mode only samplers with a frame get a panel; the others are named in one line.
  const cells = shown === 'trajectories' ? views.filter((v) => v.frame) : views;
  const without = shown === 'trajectories' ? views.filter((v) => !v.frame) : [];
  return (
    <section className="compare-panel" data-testid="compare-panel" aria-label="Compare samplers">
      <header className="compare-head">
        <h3>Compare samplers</h3>
        <div className="segmented">
          {seg('samples', 'Samples')}
          {seg('trajectories', 'Trajectories at one t', noTrajectories)}
        </div>
        <label className="compare-ref">
          <span className="muted">Reference</span>
          <select value={reference ? refKey(reference.ref) : ''} data-testid="compare-reference" onChange={(e) => useCompare.setState({ reference: e.target.value })}>
            {references.map((r) => (
              <option key={refKey(r.ref)} value={refKey(r.ref)}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        <button className="icon compare-close" data-testid="compare-close" onClick={() => useCompare.setState({ open: false })} aria-label="Close the compare view" title="Close (Esc)">
          ×
        </button>
      </header>
      {data.entries.length === 0 ? (
        <p className="compare-empty muted">Run a graph with samplers (DDPM, DDIM, Langevin, reverse SDE, PF-ODE…) to compare their samples here.</p>
      ) : (
        <div className="compare-body">
          <Chips data={data} />
          {shown === 'trajectories' && <ScrubBar axis={axis} t={t} labels={labels} />}
          <div className="compare-grid" data-testid="compare-grid">
            {cells.map((v) => (
              <CompareCell key={v.entry.id} view={v} mode={shown} bounds={bounds} grid={grid} reference={reference} label={axis?.label} />
            ))}
          </div>
          {without.length > 0 && (
            <p className="muted small" data-testid="compare-without">
              Not shown: {without.map((v) => `${v.entry.label} (${v.note})`).join('; ')}.
            </p>
          )}
          {shown === 'trajectories' && field && (
            <p className="muted small compare-legend">
              Arrows: the score ∇log p at this {axis?.label ?? 't'} (the direction the reverse process pushes), evaluated by the engine with each sampler’s own predictor and schedule on a {grid?.nx}×{grid?.ny} grid; lengths are relative within each panel.
            </p>
          )}
          <MetricsTable views={views} reference={reference} />
        </div>
      )}
    </section>
  );
}
