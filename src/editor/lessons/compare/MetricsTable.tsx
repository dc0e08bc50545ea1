import { useEffect } from 'react';
import { formatSeconds } from '../../components/StatusBadge';
import { getGraph } from '../../store/graph';
import { useRun } from '../../store/run';
import { metricsKey, refreshMetrics } from './metrics';
import { MMD_PARAMS, SW_PARAMS } from './metrics-graph';
import { nodeLabel, refKey, type ReferenceOption } from './model';
import { useCompare, type MetricsResult } from './store';
import type { ComparedView } from './use-compare-data';

function num(v: number | undefined): string {
  if (v === undefined) return '—';
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e4) ? v.toExponential(2) : v.toFixed(4);
}

function metricsNote(reference: ReferenceOption | undefined, running: boolean, current: boolean, shown: MetricsResult | null): string {
  if (!reference) return 'No reference set: run a graph with a data draw.';
  if (running) return 'Running the graph…';
  if (!current) return 'Something compared was edited since it ran: run the graph again for the metrics.';
  if (shown?.status === 'error') return `The metrics failed: ${shown.message}`;
  if (shown?.status === 'running') return 'Computing SW and MMD² in the engine…';
  const first = shown ? Object.values(shown.rows).find((r) => r.swFloor !== undefined) : undefined;
  const floor = first ? ` Data-to-data floor at these sizes (the same nodes’ floor output): SW ${num(first.swFloor)}, MMD² within ±${num(first.mmdFloor)}; a value near it is as close as fresh data.` : '';
  const h = shown?.bandwidth === undefined ? 'the median distance of each pooled pair (metric/mmd’s default)' : `h = ${shown.bandwidth.toPrecision(3)}, the median distance within the reference, the same for every row`;
  return `Against “${reference.label}” (${refKey(reference.ref)}), all samples, computed by the engine.${floor} MMD² kernel width: ${h}. ·c: cached in the last run; the time is from the run that computed it.`;
}

/** SW and MMD² to the reference (computed by the engine), nfe and time, one row per compared sampler. */
export function MetricsTable({ views, reference }: { views: ComparedView[]; reference?: ReferenceOption }) {
  const metrics = useCompare((s) => s.metrics);
  const seconds = useCompare((s) => s.seconds);
  const runs = useRun((s) => s.nodes);
  const running = useRun((s) => s.runId !== null);
  const ids = views.map((v) => v.entry.id);
  const key = reference ? metricsKey(ids, reference) : '';
  const current = views.every((v) => v.entry.current) && !!reference && (runs[reference.ref.node]?.status === 'done' || runs[reference.ref.node]?.status === 'cached');
  useEffect(() => {
    if (!reference || !ids.length || running || !current || metrics?.key === key) return;
    void refreshMetrics(ids, reference);
    // `ids` and `reference` are what `key` is made of.
  }, [key, running, current, metrics?.key]);
  const shown = metrics?.key === key ? metrics : null;
  return (
    <div className="compare-metrics">
      <table data-testid="compare-metrics" data-status={shown?.status ?? (current ? 'pending' : 'stale')}>
        <thead>
          <tr>
            <th>Sampler</th>
            <th title="Where its starting noise comes from">x_T from</th>
            <th title="Network (predictor) evaluations">NFE</th>
            <th title="Seconds its node took in its last run">Time</th>
            <th title={`Sliced Wasserstein-2 to the reference, ${SW_PARAMS.projections} random directions (metric/sliced-wasserstein)`}>SW₂ → ref</th>
            <th title={`Unbiased MMD² to the reference, Gaussian kernel, at most ${MMD_PARAMS.maxPoints} points a set (metric/mmd)`}>MMD² → ref</th>
          </tr>
        </thead>
        <tbody>
          {views.map(({ entry, color }) => {
            const row = shown?.rows[entry.id];
            const cached = runs[entry.id]?.status === 'cached';
            const secs = seconds[entry.id] ?? runs[entry.id]?.seconds;
            return (
              <tr key={entry.id} data-testid={`metrics-row-${entry.id}`} data-sw={row?.sw} data-mmd={row?.mmd} data-nfe={entry.nfe}>
                <td>
                  <span className="compare-dot" style={{ background: color }} /> {entry.label}
                </td>
                <td className="muted">{entry.xT ? nodeLabel(getGraph(), entry.xT.node) : '—'}</td>
                <td className="num">{entry.nfe ?? '—'}</td>
                <td className="num" title={cached ? 'cached in the last run: the time of the run that computed it' : undefined}>
                  {secs === undefined ? (cached ? 'cached' : '—') : formatSeconds(secs)}
                  {cached && secs !== undefined && <span className="muted"> ·c</span>}
                </td>
                <td className="num" title={row?.swFloor ? `${(row.sw! / row.swFloor).toFixed(1)}× the data-to-data floor ${num(row.swFloor)}` : undefined}>
                  {num(row?.sw)}
                </td>
                <td className="num">{num(row?.mmd)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted small">
        {metricsNote(reference, running, current, shown)}
      </p>
    </div>
  );
}
