import { describe, expect, it } from 'vitest';
import { fieldArrows } from './arrows';
import { niceCeil, sharedBounds } from './bounds';

describe('shared bounds', () => {
  it('rounds up to nice numbers', () => {
    expect([0.9, 1, 1.1, 2.2, 3.5, 7, 9, 42, 0.013].map(niceCeil)).toEqual([1, 1, 1.25, 2.5, 4, 8, 10, 50, 0.015]);
  });

  it('is one square box around every set, centred on a half-step', () => {
    const a = Float32Array.from([-2.9, 0, 2.9, 0]);
    const b = Float32Array.from([0, -1, 0, 2.5]);
    const [x0, y0, x1, y1] = sharedBounds([a, b]);
    expect(x1 - x0).toBe(y1 - y0);
    expect([x0, x1]).toEqual([-4, 4]); // half-width 2.9·1.06 → 4 (nice), centre 0
    expect(y0 <= -1 && y1 >= 2.5).toBe(true);
  });

  it('moves in steps: nearby clouds get the same box', () => {
    const cloud = (r: number) => Float32Array.from([-r, -r, r, r]);
    expect(sharedBounds([cloud(2.6)])).toEqual(sharedBounds([cloud(2.8)]));
  });

  it('holds an off-centre cloud and ignores non-finite points', () => {
    const [x0, y0, x1, y1] = sharedBounds([Float32Array.from([10, 10, 11, 13, NaN, 0])]);
    expect(x0 <= 10 && x1 >= 11 && y0 <= 10 && y1 >= 13).toBe(true);
    expect(x1 - x0).toBeLessThanOrEqual(5);
  });
});

describe('score field arrows', () => {
  const grid = { bounds: [0, 0, 4, 4] as [number, number, number, number], nx: 5, ny: 5 };

  it('start at the grid points (row-major) and point along the field', () => {
    const v = new Float32Array(50);
    for (let k = 0; k < 25; k++) v.set([1, 0], 2 * k);
    v.set([0, -3], 2 * 7); // grid point i = 2, j = 1 → (2, 1)
    const { segments, max } = fieldArrows(grid, v);
    expect(max).toBe(3);
    expect([...segments.subarray(28, 32)].slice(0, 2)).toEqual([2, 1]);
    // Direction kept, length clipped at 0.9 of the spacing (1).
    expect(segments[28 + 2] - segments[28]).toBeCloseTo(0, 6);
    expect(segments[28 + 3] - segments[28 + 1]).toBeCloseTo(-0.9, 6);
    // The 90th percentile (1) maps to 0.9 spacing.
    expect(segments[2] - segments[0]).toBeCloseTo(0.9, 6);
  });

  it('scales below the percentile linearly, and draws zero and non-finite vectors as points', () => {
    const v = new Float32Array(50);
    for (let k = 0; k < 25; k++) v.set([2, 0], 2 * k);
    v.set([1, 0], 0);
    v.set([0, 0], 2);
    v.set([NaN, 1], 4);
    const { segments } = fieldArrows(grid, v);
    expect(segments[2] - segments[0]).toBeCloseTo(0.45, 6); // half the percentile → half the length
    expect(segments[4 + 2] - segments[4]).toBe(0);
    expect(segments[8 + 2] - segments[8]).toBe(0);
  });
});
