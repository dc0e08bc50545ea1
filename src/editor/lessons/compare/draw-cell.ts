import { box, clear, fmt, label, makeFrame, PLOT, type Bounds, type Frame } from '../../draw/frame';
import { dots } from '../../draw/scatter';
import type { Arrows } from './arrows';

/** One panel of the compare view: points on the shared bounds, the reference and the score field behind. */
export interface CellDrawing {
  bounds: Bounds;
  points?: Float32Array;
  color: string;
  reference?: Float32Array;
  arrows?: Arrows;
}

const ARROW = '#6f84a8';

function drawAxes(ctx: CanvasRenderingContext2D, f: Frame, [x0, y0, x1, y1]: Bounds): void {
  ctx.strokeStyle = PLOT.grid;
  ctx.lineWidth = 1;
  ctx.beginPath();
  if (x0 < 0 && x1 > 0) {
    ctx.moveTo(Math.round(f.x(0)) + 0.5, f.top);
    ctx.lineTo(Math.round(f.x(0)) + 0.5, f.bottom);
  }
  if (y0 < 0 && y1 > 0) {
    ctx.moveTo(f.left, Math.round(f.y(0)) + 0.5);
    ctx.lineTo(f.right, Math.round(f.y(0)) + 0.5);
  }
  ctx.stroke();
}

function drawArrows(ctx: CanvasRenderingContext2D, f: Frame, a: Arrows): void {
  ctx.strokeStyle = ARROW;
  ctx.globalAlpha = 0.55;
  ctx.lineWidth = 1;
  ctx.beginPath();
  const s = a.segments;
  for (let i = 0; i + 3 < s.length; i += 4) {
    const [px, py, qx, qy] = [f.x(s[i]), f.y(s[i + 1]), f.x(s[i + 2]), f.y(s[i + 3])];
    const len = Math.hypot(qx - px, qy - py);
    if (!(len > 0.5)) {
      ctx.rect(px - 0.5, py - 0.5, 1, 1);
      continue;
    }
    ctx.moveTo(px, py);
    ctx.lineTo(qx, qy);
    // A head of 3 px (less on short arrows) at ±28°.
    const head = Math.min(3.2, len * 0.45);
    const ang = Math.atan2(qy - py, qx - px);
    for (const side of [-1, 1]) {
      ctx.moveTo(qx, qy);
      ctx.lineTo(qx - head * Math.cos(ang + side * 0.5), qy - head * Math.sin(ang + side * 0.5));
    }
  }
  ctx.stroke();
  ctx.globalAlpha = 1;
}

export function drawCell(ctx: CanvasRenderingContext2D, w: number, h: number, d: CellDrawing): void {
  clear(ctx, w, h);
  const f = makeFrame(d.bounds, w, h, { l: 4, r: 4, t: 4, b: 4 }, true);
  drawAxes(ctx, f, d.bounds);
  if (d.arrows) drawArrows(ctx, f, d.arrows);
  if (d.reference) {
    ctx.globalAlpha = 0.35;
    dots(ctx, f, d.reference, '#8a94a6', 1.6);
  }
  if (d.points) {
    ctx.globalAlpha = 0.85;
    dots(ctx, f, d.points, d.color, 2.2);
  }
  ctx.globalAlpha = 1;
  box(ctx, f);
  const [x0, , x1] = d.bounds;
  label(ctx, `x ∈ [${fmt(x0)}, ${fmt(x1)}]`, f.right - 6, f.bottom - 9, 'right');
}
