import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { fmt } from '../draw/frame';
import { formatT } from '../lessons/compare/CompareCell';
import { histogramChart, linesChart, scatterChart, type Chart, type TickLog } from './chart-options';
import { histogramTable, linesTable, scatterTable, trajectoryFrame } from './plot-data';
import { closePlot, usePlot, type PlotPreview } from './plot-store';
import './plots.css';

type Hit = { set: string; x: number; y: number } | null;

/** The chart of a preview at (width, height); hover on a scatter reports the nearest point. */
function chartOf(p: PlotPreview, frame: number, width: number, height: number, ticks: TickLog, onHover: (h: Hit) => void): Chart {
  switch (p.kind) {
    case 'lines':
      return linesChart(linesTable(p), p.xLabel, p.yLabel, width, height, ticks);
    case 'histogram':
      return histogramChart(histogramTable(p), p.title ?? 'value', width, height, ticks);
    case 'scatter':
      return scatterChart(scatterTable(p), width, height, ticks, onHover);
    case 'trajectory':
      return scatterChart(trajectoryFrame(p, frame), width, height, ticks, onHover);
  }
}

/** A uPlot chart in a div, made again when its chart changes and destroyed with the view. */
function UPlotChart({ chart, ticks }: { chart: Chart; ticks: TickLog }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // The ticks drawn, for tests (uPlot draws its axes on the canvas), written after each draw.
    const record = () => {
      el.dataset.xTicks = (ticks.x ?? []).join(' ');
      el.dataset.yTicks = (ticks.y ?? []).join(' ');
    };
    const hooks = { ...chart.options.hooks, draw: [...(chart.options.hooks?.draw ?? []), record] };
    const plot = new uPlot({ ...chart.options, hooks }, chart.data, el);
    return () => plot.destroy();
  }, [chart, ticks]);
  return <div ref={ref} className="plot-chart" data-testid="plot-chart" />;
}

/** Any plot preview large, over the editor: axes with ticks and labels, a legend, hover values; a trajectory scrubs its frames. */
export function PlotView() {
  const { preview, title, frame } = usePlot();
  const [hit, setHit] = useState<Hit>(null);
  const [size] = useState(() => ({ width: Math.min(960, window.innerWidth - 96), height: Math.min(560, window.innerHeight - 240) }));
  const chart = useMemo(() => {
    if (!preview) return null;
    const ticks: TickLog = {};
    return { ticks, chart: chartOf(preview, frame, size.width, size.height, ticks, setHit) };
  }, [preview, frame, size]);
  useEffect(() => {
    if (!preview) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') closePlot();
      if (preview.kind !== 'trajectory') return;
      const f = usePlot.getState().frame;
      if (e.key === 'ArrowRight') usePlot.setState({ frame: Math.min(preview.k - 1, f + 1) });
      if (e.key === 'ArrowLeft') usePlot.setState({ frame: Math.max(0, f - 1) });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [preview]);
  if (!preview || !chart) return null;
  const points = preview.kind === 'scatter' || preview.kind === 'trajectory';
  return (
    <div className="overlay" data-testid="plot-view" onClick={closePlot}>
      <div className="overlay-card plot-card" onClick={(e) => e.stopPropagation()}>
        <header>
          <h2>{title || preview.title || 'Plot'}</h2>
          <button className="icon" onClick={closePlot} aria-label="Close">
            ×
          </button>
        </header>
        <UPlotChart chart={chart.chart} ticks={chart.ticks} />
        {points && (
          <p className="plot-hover muted small" data-testid="plot-hover">
            {hit ? `nearest ${hit.set.startsWith('reference') ? 'reference point' : 'point'}: x₁ = ${fmt(hit.x)}, x₂ = ${fmt(hit.y)}` : 'hover a point to read its coordinates'}
          </p>
        )}
        {preview.kind === 'trajectory' && (
          <div className="lightbox-scrub">
            <span className="muted">start</span>
            <input type="range" min={0} max={preview.k - 1} step={1} value={frame} data-testid="plot-frame" aria-label={`Time ${preview.timeLabel}`} onChange={(e) => usePlot.setState({ frame: Number(e.target.value) })} />
            <span className="muted">end</span>
            <output data-testid="plot-t">
              {preview.timeLabel} = {formatT(preview.times[frame], preview.timeLabel)}
            </output>
          </div>
        )}
        <p className="muted small">{points ? 'equal units on both axes · ' : 'hover to read values · '}Esc closes</p>
      </div>
    </div>
  );
}
