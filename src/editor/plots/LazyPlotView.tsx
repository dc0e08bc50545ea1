import { lazy, Suspense } from 'react';
import { usePlot } from './plot-store';

/** uPlot and the large view load on the first plot opened, not with the editor. */
const PlotView = lazy(() => import('./PlotView').then((m) => ({ default: m.PlotView })));

export function LazyPlotView() {
  const open = usePlot((s) => s.preview !== null);
  return open ? (
    <Suspense fallback={null}>
      <PlotView />
    </Suspense>
  ) : null;
}
