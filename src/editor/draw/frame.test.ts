import { describe, expect, it } from 'vitest';
import { boundsOf, fitText, fmt, makeFrame, pad } from './frame';
import { formatValue } from './images';

describe('plot frames', () => {
  it('bounds are [xMin, yMin, xMax, yMax] padded by 5%, skipping non-finite points', () => {
    expect(boundsOf(new Float32Array([0, 0, 10, 20, NaN, 99]))).toEqual([-0.5, -1, 10.5, 21]);
    expect(pad(Infinity, -Infinity, Infinity, -Infinity)).toEqual([-1.1, -1.1, 1.1, 1.1]);
  });

  it('maps data to pixels, y upwards, with equal units on both axes when asked', () => {
    const f = makeFrame([0, 0, 10, 10], 200, 100, { l: 0, r: 0, t: 0, b: 0 }, true);
    // 10 units must fit 100 px vertically: 10 px a unit on both axes, x centred.
    expect(f.y(0)).toBeCloseTo(100);
    expect(f.y(10)).toBeCloseTo(0);
    expect(f.x(10) - f.x(0)).toBeCloseTo(100);
    expect((f.x(0) + f.x(10)) / 2).toBeCloseTo(100);
  });

  it('formats numbers compactly', () => {
    expect([fmt(0), fmt(1234.5), fmt(0.5), fmt(2e-5), fmt(12.25)]).toEqual(['0', '1235', '0.5', '2.0e-5', '12.25']);
    expect([formatValue(0.081867), formatValue(1000), formatValue(3e-6)]).toEqual(['0.08187', '1000', '3.000e-6']);
  });
});

describe('fitText', () => {
  // A context whose font draws every character 6 px wide.
  const ctx = { font: '', measureText: (t: string) => ({ width: 6 * [...t].length }) } as unknown as CanvasRenderingContext2D;
  it('keeps a text that fits and cuts one that does not, ellipsis included in the width', () => {
    expect(fitText(ctx, 'short title', 100)).toBe('short title');
    const cut = fitText(ctx, 'latent means μ(x) of mnist 14×14 (4000 digits)', 120);
    expect(cut.endsWith('…')).toBe(true);
    expect(6 * [...cut].length).toBeLessThanOrEqual(120);
    expect(6 * [...cut].length).toBeGreaterThan(120 - 12);
    expect('latent means μ(x) of mnist 14×14 (4000 digits)'.startsWith(cut.slice(0, -1))).toBe(true);
  });
});
