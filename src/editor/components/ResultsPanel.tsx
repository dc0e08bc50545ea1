import { useRef } from 'react';
import { Checklist, ChecklistSummary } from '../checks/Checklist';
import { useLessons } from '../lessons/store';
import { nodeDef } from '../registry';
import { useGraph } from '../store/graph';
import { useRun } from '../store/run';
import { useUi } from '../store/ui';
import { useFocusNode } from '../lessons/focus';
import { usePanelHeight } from './panel-height';
import { ResultCard } from './ResultCard';
import { GAP, useResultsStrip } from './results-strip';

/**
 * The graph's checks, then the outputs of view and metric nodes from the last runs, side by
 * side in a strip that pages by whole cards (‹ 1–2 of 9 › in the header says which show); a result
 * whose node was edited since is marked stale. The top edge drags to resize.
 */
export function ResultsPanel() {
  const open = useUi((s) => s.results);
  const nodes = useGraph((s) => s.graph.nodes);
  const hasChecks = useGraph((s) => s.graph.assertions.length > 0);
  const outputs = useRun((s) => s.outputs);
  const runs = useRun((s) => s.nodes);
  const running = useRun((s) => s.runId !== null);
  // The lessons panel lists the checks in full beside the notes: here they shrink to a summary card.
  const checksBeside = useLessons((s) => s.open && s.view === 'notes');
  const { height, handle } = usePanelHeight();
  const focus = useFocusNode();
  const list = useRef<HTMLDivElement>(null);
  const shown = nodes.filter((n) => {
    const cat = nodeDef(n.type)?.category;
    return (cat === 'view' || cat === 'metric') && outputs[n.id]?.length;
  });
  const strip = useResultsStrip(list, open, `${shown.length} ${hasChecks} ${checksBeside}`);
  if (!open) return null;
  const checkWidth = checksBeside ? strip.card : Math.min(2, strip.perPage) * (strip.card + GAP) - GAP;
  return (
    <section className="results" data-testid="results-panel" style={{ height }}>
      {handle}
      <header>
        <h3>Results</h3>
        {strip.before + strip.after > 0 && (
          // The strip shows whole cards: this says which, and pages to the others.
          <span className="results-paging" data-testid="results-paging">
            <button className="icon" data-testid="results-prev" disabled={!strip.before} onClick={() => strip.page(-1)} title="Earlier results" aria-label="Earlier results">
              ‹
            </button>
            <span className="muted">
              {strip.before + 1}–{strip.total - strip.after} of {strip.total}
            </span>
            <button className="icon" data-testid="results-next" disabled={!strip.after} onClick={() => strip.page(1)} title="More results" aria-label="More results">
              ›
            </button>
          </span>
        )}
        <button className="icon results-hide" title="Hide results" onClick={() => useUi.setState({ results: false })}>
          ×
        </button>
      </header>
      <div className="results-strip">
        <div className={`results-list${strip.before ? ' more-before' : ''}${strip.after ? ' more-after' : ''}`} ref={list} data-testid="results-list">
          {hasChecks && (checksBeside ? <ChecklistSummary width={checkWidth} /> : <Checklist width={checkWidth} />)}
          {shown.map((n) => (
            // Outputs without a run entry are from before an edit (store/stale.ts clears the entry); while a run is on, they are pending, not stale.
            <ResultCard key={n.id} id={n.id} type={n.type} params={n.params} title={n.label ?? nodeDef(n.type)!.title} outputs={outputs[n.id]} stale={!running && !runs[n.id]} focus={focus} width={strip.card} height={strip.height} />
          ))}
          {!shown.length && <p className="muted">Run the graph to see the outputs of view and metric nodes here.</p>}
        </div>
      </div>
    </section>
  );
}
