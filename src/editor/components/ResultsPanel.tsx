import { memo } from 'react';
import type { OutputSummary } from '../../engine/api';
import { formatValue } from '../draw/images';
import { nodeDef } from '../registry';
import { useGraph } from '../store/graph';
import { useRun } from '../store/run';
import { useUi } from '../store/ui';
import { setSelection } from '../store/view';
import { PreviewCanvas } from './PreviewCanvas';

const CARD = 220;

const ResultCard = memo(function ResultCard({ id, title, outputs }: { id: string; title: string; outputs: OutputSummary[] }) {
  const preview = outputs.find((o) => o.preview && o.preview.kind !== 'value')?.preview;
  return (
    <div className="result-card" data-testid={`result-${id}`} onClick={() => setSelection([id])}>
      <div className="result-head">
        <b>{title}</b> <span className="muted">{id}</span>
      </div>
      {outputs
        .filter((o) => o.value !== undefined)
        .map((o) => (
          <div className="result-value" key={o.port} data-testid={`result-value-${id}-${o.port}`}>
            <span className="muted">{o.port}</span> {formatValue(o.value!)}
          </div>
        ))}
      {preview && <PreviewCanvas preview={preview} width={CARD - 20} height={preview.kind === 'scatter' ? 170 : 120} large />}
    </div>
  );
});

/** The outputs of view and metric nodes from the last runs, side by side. */
export function ResultsPanel() {
  const open = useUi((s) => s.results);
  const nodes = useGraph((s) => s.graph.nodes);
  const outputs = useRun((s) => s.outputs);
  if (!open) return null;
  const shown = nodes.filter((n) => {
    const cat = nodeDef(n.type)?.category;
    return (cat === 'view' || cat === 'metric') && outputs[n.id]?.length;
  });
  return (
    <section className="results" data-testid="results-panel">
      <header>
        <h3>Results</h3>
        <button className="icon" title="Hide results" onClick={() => useUi.setState({ results: false })}>
          ×
        </button>
      </header>
      <div className="results-list">
        {shown.map((n) => (
          <ResultCard key={n.id} id={n.id} title={n.label ?? nodeDef(n.type)!.title} outputs={outputs[n.id]} />
        ))}
        {!shown.length && <p className="muted">Run the graph to see the outputs of view and metric nodes here.</p>}
      </div>
    </section>
  );
}
