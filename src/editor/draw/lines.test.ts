import { describe, expect, it } from 'vitest';
import type { LinesPreview } from '../../engine/preview';
import { drawLines } from './lines';

/** A 2-D context that records the text it is asked to draw; a character is 6 px wide (10 px font). */
function recorder() {
  const texts: { text: string; x: number; y: number; align: string }[] = [];
  const ctx = new Proxy(
    { textAlign: 'left', measureText: (t: string) => ({ width: 6 * t.length }), fillText(this: { textAlign: string }, text: string, x: number, y: number) { texts.push({ text, x, y, align: this.textAlign }); } },
    { get: (target, key) => (key in target ? (target as Record<string | symbol, unknown>)[key] : () => undefined), set: (target, key, v) => ((target as Record<string | symbol, unknown>)[key] = v, true) },
  );
  return { ctx: ctx as unknown as CanvasRenderingContext2D, texts };
}

/** A loss curve over 6000 steps, as lesson 3's trainer draws it. */
function lossCurve(): LinesPreview {
  const x = new Float32Array(600).map((_, i) => i * 10);
  const y = x.map((s) => 0.35 + 0.4 * Math.exp(-s / 300));
  return { kind: 'lines', series: [{ name: 'loss', x, y }], xLabel: 'step', yLabel: 'loss', logY: true };
}

describe('drawLines tick labels', () => {
  it('leaves out x labels that would touch their neighbour in a narrow plot (a 214 px result card)', () => {
    const { ctx, texts } = recorder();
    drawLines(ctx, lossCurve(), 214, 150, true);
    const xs = texts.filter((t) => t.align === 'center').map((t) => ({ left: t.x - 3 * t.text.length, right: t.x + 3 * t.text.length, text: t.text }));
    expect(xs.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < xs.length; i++) expect(xs[i].left - xs[i - 1].right).toBeGreaterThanOrEqual(6);
    // Kept labels are still ticks of the axis, in order.
    expect(xs.map((t) => Number(t.text))).toEqual([...xs.map((t) => Number(t.text))].sort((a, b) => a - b));
  });

  it('keeps every label where there is room (a 600 px plot)', () => {
    const { ctx, texts } = recorder();
    drawLines(ctx, lossCurve(), 600, 300, true);
    expect(texts.filter((t) => t.align === 'center').map((t) => t.text)).toEqual(['0', '1000', '2000', '3000', '4000', '5000']);
  });

  it("x labels keep clear of the axis name ('step →' at the right)", () => {
    const { ctx, texts } = recorder();
    drawLines(ctx, { ...lossCurve(), xLabel: 'step' }, 300, 150, true);
    const name = texts.find((t) => t.text === 'step →')!;
    const nameLeft = name.x - 6 * [...name.text].length;
    const right = Math.max(...texts.filter((t) => t.align === 'center').map((t) => t.x + 3 * t.text.length));
    expect(nameLeft - right).toBeGreaterThanOrEqual(6);
  });

  it('y labels at least 12 px apart', () => {
    const { ctx, texts } = recorder();
    drawLines(ctx, lossCurve(), 214, 90, true);
    const ys = texts.filter((t) => t.align === 'right' && t.x < 60).map((t) => t.y);
    expect(ys.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < ys.length; i++) expect(Math.abs(ys[i] - ys[i - 1])).toBeGreaterThanOrEqual(12);
  });
});
