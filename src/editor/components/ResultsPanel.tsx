import { memo } from 'react';
import type { OutputSummary } from '../../engine/api';
import { Checklist } from '../checks/Checklist';
import { valueRows } from '../checks/value-notes';
import { formatValue } from '../draw/images';
import { nodeDef } from '../registry';
import { useGraph } from '../store/graph';
import { useRun } from '../store/run';
import { useUi } from '../store/ui';
import { useFocusNode } from '../lessons/focus';
import { PreviewCanvas } from './PreviewCanvas';
import { usePanelHeight } from './panel-height';

const CARD = 220;

const ResultCard = memo(function ResultCard({ id, type, params, title, outputs, stale, focus }: { id: string; type: string; params: Record<string, unknown>; title: string; outputs: OutputSummary[]; stale: boolean; focus: (id: string) => void }) {
  const preview = outputs.find((o) => o.preview && o.preview.kind !== 'value')?.preview;
  return (
    <div
      className={`result-card${stale ? ' stale' : ''}`}
      data-testid={`result-${id}`}
      data-stale={stale}
      onClick={() => focus(id)}
      title={stale ? 'Stale: this node or what feeds it was edited after this run. Run again to update.' : 'Show this node on the canvas (its outputs open large in the inspector)'}
    >
      <div className="result-head">
        <b>{title}</b> <span className="muted">{id}</span>
        {stale && <span className="result-stale">stale</span>}
      </div>
      {valueRows(type, outputs, params).map((o) => (
        <div className="result-value" key={o.port} data-testid={`result-value-${id}-${o.port}`} title={o.note}>
          <span className="muted">{o.port}</span> {formatValue(o.value)}
          {o.nearZero && <span className="value-note-mark">≈ 0 ⓘ</span>}
          {o.floor !== undefined && (
            <span className="value-floor" data-testid={`result-floor-${id}`}>
              floor {formatValue(o.floor)}
              {o.port === 'value' && type === 'metric/sliced-wasserstein' && o.floor > 0 ? ` · ${(o.value / o.floor).toFixed(1)}×` : ''}
            </span>
          )}
          {o.floor !== undefined && <div className="value-meaning muted small">{o.note}</div>}
        </div>
      ))}
      {preview && <PreviewCanvas preview={preview} width={CARD - 20} height={preview.kind === 'scatter' ? 170 : 120} large title={title} testId={`result-plot-${id}`} />}
    </div>
  );
});

/**
 * The graph's checks, then the outputs of view and metric nodes from the last runs, side by
 * side; a result whose node was edited since is marked stale. The top edge drags to resize.
 */
export function ResultsPanel() {
  const open = useUi((s) => s.results);
  const nodes = useGraph((s) => s.graph.nodes);
  const outputs = useRun((s) => s.outputs);
  const runs = useRun((s) => s.nodes);
  const running = useRun((s) => s.runId !== null);
  const { height, handle } = usePanelHeight();
  const focus = useFocusNode();
  if (!open) return null;
  const shown = nodes.filter((n) => {
    const cat = nodeDef(n.type)?.category;
    return (cat === 'view' || cat === 'metric') && outputs[n.id]?.length;
  });
  return (
    <section className="results" data-testid="results-panel" style={{ height }}>
      {handle}
      <header>
        <h3>Results</h3>
        <button className="icon" title="Hide results" onClick={() => useUi.setState({ results: false })}>
          ×
        </button>
      </header>
      <div className="results-list">
        <Checklist />
        {shown.map((n) => (
          // Outputs without a run entry are from before an edit (store/stale.ts clears the entry); while a run is on, they are pending, not stale.
          <ResultCard key={n.id} id={n.id} type={n.type} params={n.params} title={n.label ?? nodeDef(n.type)!.title} outputs={outputs[n.id]} stale={!running && !runs[n.id]} focus={focus} />
        ))}
        {!shown.length && <p className="muted">Run the graph to see the outputs of view and metric nodes here.</p>}
      </div>
    </section>
  );
}
