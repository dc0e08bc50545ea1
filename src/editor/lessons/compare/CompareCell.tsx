import { memo, useEffect, useMemo, useRef } from 'react';
import { useRun } from '../../store/run';
import { fieldArrows } from './arrows';
import { drawCell } from './draw-cell';
import { fieldKey, type FieldGrid } from './field-graph';
import { useCompare } from './store';
import type { ComparedView } from './use-compare-data';
import type { ReferenceOption } from './model';
import type { Bounds } from '../../draw/frame';

export const CELL = 216;

/** t to 4 decimals: what every view reports in data-t, so equal times compare equal. */
export function formatT(t: number, label: string): string {
  return label === 'step' ? String(Math.round(t)) : Math.abs(t) >= 100 ? t.toFixed(1) : t.toFixed(4);
}

function useField(view: ComparedView, grid: FieldGrid | undefined, enabled: boolean) {
  const key = enabled && view.field && grid ? fieldKey(view.field, grid) : null;
  const result = useCompare((s) => (key ? s.fields[key] : undefined));
  const arrows = useMemo(() => (result?.values && grid ? fieldArrows(grid, result.values) : undefined), [result, grid]);
  return { result, arrows };
}

/** A snapshot time in three significant digits, for the panel's foot. */
const short = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString());

function countOutside(points: Float32Array, [x0, y0, x1, y1]: Bounds): number {
  let n = 0;
  for (let i = 0; i + 1 < points.length; i += 2) if (!(points[i] >= x0 && points[i] <= x1 && points[i + 1] >= y0 && points[i + 1] <= y1)) n++;
  return n;
}

interface Props {
  view: ComparedView;
  mode: 'samples' | 'trajectories';
  bounds: Bounds;
  grid?: FieldGrid;
  reference?: ReferenceOption;
  label?: string;
}

/** One compared sampler: its samples (or its points at the scrubbed t, over that level's score field). */
export const CompareCell = memo(function CompareCell({ view, mode, bounds, grid, reference, label = 't' }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const fieldOn = useCompare((s) => s.field) && mode === 'trajectories';
  const running = useRun((s) => s.runId !== null);
  const { result, arrows } = useField(view, grid, fieldOn);
  const { entry, color, frame } = view;
  const points = mode === 'samples' ? entry.samples : frame?.points;
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const dpr = Math.min(window.devicePixelRatio || 1, 2);
    canvas.width = CELL * dpr;
    canvas.height = CELL * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawCell(ctx, CELL, CELL, { bounds, points, color, reference: mode === 'samples' ? reference?.points : undefined, arrows: fieldOn ? arrows : undefined });
  }, [bounds, points, color, reference, mode, arrows, fieldOn]);

  const t = frame ? formatT(frame.t, label) : undefined;
  const outside = useMemo(() => (points ? countOutside(points, bounds) : 0), [points, bounds]);
  let foot: string;
  if (mode === 'samples') {
    const [n, d] = entry.shape ?? [0, 0];
    const drawn = entry.samples ? entry.samples.length / 2 : 0;
    foot = `${n} samples${drawn < n ? ` (${drawn} drawn)` : ''}${d > 2 ? `; d = ${d}, drawn by x₁, x₂` : ''}`;
  }
  else if (frame) {
    const times = entry.trajectory!.times;
    foot = frame.from === frame.to ? `snapshot ${frame.from + 1} of ${entry.trajectory!.k}` : `between snapshots at ${short(times[frame.from])} and ${short(times[frame.to])}`;
  } else foot = view.note ?? '';
  const fieldText = !fieldOn || !view.field ? '' : result?.status === 'error' ? `score field: ${result.message}` : result?.status === 'done' ? `|∇log p| ≤ ${arrows ? arrows.max.toPrecision(3) : '—'}` : 'score field…';
  return (
    <figure
      className={`compare-cell${entry.current ? '' : ' stale'}`}
      data-testid={`compare-view-${entry.id}`}
      data-t={t}
      data-frames={frame ? `${frame.from}-${frame.to}` : undefined}
      data-field={fieldOn && view.field ? (result?.status ?? 'pending') : undefined}
    >
      <figcaption>
        <span className="compare-dot" style={{ background: color }} />
        <span className="compare-cell-title" title={entry.label}>
          {entry.label}
        </span>
        {t !== undefined && (
          <span className="compare-cell-t">
            {label} = {t}
          </span>
        )}
      </figcaption>
      <canvas ref={ref} style={{ width: CELL, height: CELL }} />
      <div className="compare-cell-foot" title={fieldText}>
        <span>{foot}</span>
        {outside > 0 && <span className="warn">{`${outside} of ${points!.length / 2} points outside the axes`}</span>}
        {fieldText && <span className={result?.status === 'error' ? 'error' : ''}>{fieldText}</span>}
        {!entry.current && <span className="warn">{running ? 'running…' : 'edited since it ran'}</span>}
      </div>
    </figure>
  );
});
