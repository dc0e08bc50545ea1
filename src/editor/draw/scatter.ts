import type { ScatterPreview, TrajectoryPreview } from '../../engine/preview';
import { boundsOf, box, clear, fitText, label, makeFrame, PLOT, type Bounds, type Frame } from './frame';

/** Points as small squares (fast for thousands), in groups' colours. */
export function dots(ctx: CanvasRenderingContext2D, f: Frame, pts: Float32Array, color: string | ((i: number) => string), size: number, count = pts.length / 2, offset = 0): void {
  const half = size / 2;
  if (typeof color === 'string') ctx.fillStyle = color;
  for (let i = 0; i < count; i++) {
    const x = pts[2 * (offset + i)];
    const y = pts[2 * (offset + i) + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (typeof color !== 'string') ctx.fillStyle = color(i);
    ctx.fillRect(f.x(x) - half, f.y(y) - half, size, size);
  }
}

export function drawScatter(ctx: CanvasRenderingContext2D, p: ScatterPreview, w: number, h: number, large: boolean): void {
  clear(ctx, w, h);
  const b: Bounds = p.bounds ?? boundsOf(p.points, p.reference);
  const f = makeFrame(b, w, h, { l: 6, r: 6, t: 6, b: 6 }, true);
  box(ctx, f);
  const size = large ? 2 : 1.5;
  if (p.reference) {
    ctx.globalAlpha = 0.5;
    dots(ctx, f, p.reference, '#8a94a6', size);
  }
  ctx.globalAlpha = 0.75;
  const groups = p.groups;
  dots(ctx, f, p.points, groups ? (i) => PLOT.palette[Math.abs(groups[i]) % PLOT.palette.length] : PLOT.palette[0], size);
  ctx.globalAlpha = 1;
  if (large && p.title) label(ctx, fitText(ctx, p.title, f.right - f.left - 12), f.left + 6, f.top + 10);
}

/** Up to 4 snapshots of a trajectory side by side (6 when large), on shared axes. */
export function drawTrajectory(ctx: CanvasRenderingContext2D, p: TrajectoryPreview, w: number, h: number, large: boolean): void {
  clear(ctx, w, h);
  // Cells at least 64 px wide, so the time labels under them never run together.
  const k = Math.min(large ? 6 : 4, p.k, Math.max(1, Math.floor(w / 64)));
  const picks = Array.from({ length: k }, (_, i) => (k === 1 ? p.k - 1 : Math.round((i * (p.k - 1)) / (k - 1))));
  const b = p.bounds ?? boundsOf(p.frames.subarray(2 * p.n * (p.k - 1)));
  const cell = w / k;
  picks.forEach((frame, i) => {
    const f = cellFrame(b, i * cell + 3, cell - 6, 4, h - 20);
    box(ctx, f);
    ctx.globalAlpha = 0.7;
    dots(ctx, f, p.frames, PLOT.palette[frame === p.k - 1 ? 2 : 0], large ? 1.6 : 1.2, p.n, frame * p.n);
    ctx.globalAlpha = 1;
    label(ctx, `${p.timeLabel}=${fmtTime(p.times[frame])}`, i * cell + cell / 2, h - 8, 'center');
  });
}

/** A frame with equal axes in the box (left, top, width, height). */
function cellFrame(b: Bounds, left: number, width: number, top: number, height: number): Frame {
  const f = makeFrame(b, width, height, { l: 0, r: 0, t: 0, b: 0 }, true);
  return { x: (v) => left + f.x(v), y: (v) => top + f.y(v), left, right: left + width, top, bottom: top + height };
}

function fmtTime(t: number): string {
  return Math.abs(t) >= 10 ? t.toFixed(0) : t.toFixed(2);
}
