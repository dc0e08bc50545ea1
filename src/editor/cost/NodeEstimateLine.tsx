import './cost.css';
import { useEffect } from 'react';
import { useCost, watchEstimates } from './store';

/** Categories whose work grows with their params and inputs: their estimate is always shown. */
const SHOWN = new Set(['sampler', 'train']);

/**
 * Under a node's title, its estimated time and memory before it runs ("≈ 13 min · 37 MiB"),
 * from the worker: always on samplers and trainers, and on any node past the confirmation
 * bound (marked) or the limit (marked, and Run refuses it).
 */
export function NodeEstimateLine({ id, category }: { id: string; category: string }) {
  useEffect(() => watchEstimates(), []);
  const estimate = useCost((s) => s.byNode[id]);
  if (!estimate || (estimate.level === 'ok' && !SHOWN.has(category))) return null;
  const unknown = estimate.unknown?.length ? ` + the size of ${estimate.unknown.join(', ')}` : '';
  const title =
    estimate.level === 'ok'
      ? `Estimated before the run from its params and input sizes${unknown ? ` (${estimate.unknown!.join(', ')}: size known only at run time, counted as one sample)` : ''}`
      : estimate.why;
  return (
    <div className={`gnode-estimate level-${estimate.level}`} data-testid={`estimate-${id}`} data-level={estimate.level} title={title}>
      {estimate.short}
      {unknown && <span className="muted">{unknown}</span>}
      {estimate.level === 'soft' && <span className="gnode-estimate-flag"> · asks before running</span>}
      {estimate.level === 'hard' && <span className="gnode-estimate-flag"> · over the limit</span>}
    </div>
  );
}
