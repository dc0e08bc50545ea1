import type { ImagesPreview, ValuePreview } from '../../engine/preview';
import { clear, label, PLOT } from './frame';

/** A grid of grey images, as square as the count allows, scaled without smoothing. */
export function drawImages(ctx: CanvasRenderingContext2D, p: ImagesPreview, w: number, h: number): void {
  clear(ctx, w, h);
  if (!p.n) return;
  const cols = p.cols ? Math.min(p.cols, p.n) : Math.ceil(Math.sqrt((p.n * w) / h));
  const rows = Math.ceil(p.n / cols);
  const cell = Math.min(w / cols, h / rows);
  const sheet = new ImageData(p.width * cols, p.height * rows);
  for (let k = 0; k < p.n; k++) {
    const ox = (k % cols) * p.width;
    const oy = Math.floor(k / cols) * p.height;
    for (let r = 0; r < p.height; r++) {
      for (let c = 0; c < p.width; c++) {
        const v = p.pixels[k * p.height * p.width + r * p.width + c];
        const o = 4 * ((oy + r) * sheet.width + ox + c);
        sheet.data[o] = sheet.data[o + 1] = sheet.data[o + 2] = v;
        sheet.data[o + 3] = 255;
      }
    }
  }
  const tmp = new OffscreenCanvas(sheet.width, sheet.height);
  tmp.getContext('2d')!.putImageData(sheet, 0, 0);
  ctx.imageSmoothingEnabled = false;
  const dw = cell * cols;
  const dh = cell * rows;
  ctx.drawImage(tmp, (w - dw) / 2, (h - dh) / 2, dw, dh);
}

/** One number, large, with its label. */
export function drawValue(ctx: CanvasRenderingContext2D, p: ValuePreview, w: number, h: number): void {
  clear(ctx, w, h);
  ctx.fillStyle = '#e2e8f0';
  ctx.font = `600 ${Math.min(28, h / 2.4)}px Inter, system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(formatValue(p.value), w / 2, h / 2 - 6);
  label(ctx, p.label, w / 2, h - 12, 'center', PLOT.text);
}

export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? v.toExponential(3) : v.toPrecision(4).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}
