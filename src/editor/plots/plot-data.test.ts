import { describe, expect, it } from 'vitest';
import { histogramTable, insideTicks, linesTable, nearestPoint, padded, scatterTable, trajectoryFrame } from './plot-data';

const f32 = (...v: number[]) => Float32Array.from(v);

describe('plot tables for the large view', () => {
  it('joins curves with their own x columns on the union of x, null where a curve has no point', () => {
    const t = linesTable({ kind: 'lines', xLabel: 'NFE', yLabel: 'SW', series: [
      { name: 'euler', x: f32(10, 20, 40), y: f32(0.4, 0.2, 0.1) },
      { name: 'heun', x: f32(20, 30), y: f32(0.05, NaN) },
    ] });
    expect(t.x).toEqual([10, 20, 40]); // heun's NaN at 30 is dropped with its x
    expect(t.ys).toEqual([[0.4, 0.2, 0.1].map((v) => Math.fround(v)), [null, Math.fround(0.05), null]]);
    expect(t.xRange).toEqual([10, 40]);
    expect(t.yRange).toEqual([Math.fround(0.05), Math.fround(0.4)]);
  });

  it('drops values a log axis cannot show (≤ 0) and pads the range by decades', () => {
    const t = linesTable({ kind: 'lines', xLabel: 'step', yLabel: 'loss', logY: true, series: [{ name: 'loss', x: f32(0, 1, 2, 3), y: f32(1, 0, 0.1, 0.01) }] });
    expect(t.x).toEqual([0, 2, 3]);
    expect(t.yRange[0]).toBeCloseTo(0.01, 6);
    const [lo, hi] = padded([0.01, 1], true);
    // 5% of the two decades on each side: 10^(−2.1) … 10^(0.1).
    expect(lo).toBeCloseTo(10 ** -2.1, 9);
    expect(hi).toBeCloseTo(10 ** 0.1, 9);
  });

  it('keeps ticks inside the data: none in the padding (no −0.27 epochs, no t < 0)', () => {
    const [lo, hi] = padded([0, 6]);
    expect(lo).toBeCloseTo(-0.3, 12);
    expect(hi).toBeCloseTo(6.3, 12);
    expect(insideTicks([-0.2, 0, 2, 4, 6], [0, 6])).toEqual([null, 0, 2, 4, 6]);
    expect(insideTicks([0.2, 0.4, 1.2], [0.25, 1])).toEqual([null, 0.4, null]);
    expect(padded([3, 3])).toEqual([2.85, 3.15]);
  });

  it('puts histogram bins at their centres with their edges for hover', () => {
    const t = histogramTable({ kind: 'histogram', edges: f32(-1, 0, 2), density: f32(0.25, 0.375) });
    expect(t.centres).toEqual([-0.5, 1]);
    expect(t.edges).toEqual([-1, 0, 2]);
    expect(t.xRange).toEqual([-1, 2]);
    expect(t.yRange).toEqual([0, 0.375]);
  });

  it('splits scatters into columns (reference first) and finds the nearest point in pixels', () => {
    const t = scatterTable({ kind: 'scatter', points: f32(0, 0, 1, 1, NaN, 2), reference: f32(5, 5) });
    expect(t.sets.map((s) => s.name)).toEqual(['reference', 'samples']);
    expect(Array.from(t.sets[1].x)).toEqual([0, 1]);
    expect(t.bounds).toEqual([0, 0, 5, 5]);
    const px = (v: number) => v * 100;
    expect(nearestPoint(t.sets[1], px, px, 90, 80)).toBe(1);
    expect(nearestPoint(t.sets[1], px, px, 50, 50, 12)).toBeNull();
  });

  it('shows one trajectory frame on the bounds of the last frame', () => {
    // k = 2 frames of n = 2 points.
    const p = { kind: 'trajectory' as const, frames: f32(4, 4, 8, 8, 0, 0, 1, 2), k: 2, n: 2, times: f32(1, 0), timeLabel: 't' };
    const first = trajectoryFrame(p, 0);
    expect(Array.from(first.sets[0].x)).toEqual([4, 8]);
    expect(first.sets[0].name).toBe('t = 1');
    expect(first.bounds).toEqual([0, 0, 1, 2]);
    expect(Array.from(trajectoryFrame(p, 9).sets[0].y)).toEqual([0, 2]);
  });
});
