import { describe, expect, it } from 'vitest';
import { decadeLabel, decadeTicks, niceTicks } from './ticks';

describe('axis ticks', () => {
  it('steps by 1, 2 or 5 times a power of ten, inside the data range only', () => {
    expect(niceTicks(0, 6, 4)).toEqual([0, 2, 4, 6]);
    expect(niceTicks(1, 1000, 5)).toEqual([200, 400, 600, 800, 1000]);
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    // A 5% pad around [0, 6] would start at −0.3: no tick lies there.
    expect(Math.min(...niceTicks(0, 6, 4))).toBe(0);
    for (const [lo, hi] of [[-0.27, 6.3], [0.013, 0.087], [-3.3, 12.1]]) {
      const t = niceTicks(lo, hi, 5);
      expect(t.length).toBeGreaterThanOrEqual(2);
      expect(t.every((v) => v >= lo && v <= hi)).toBe(true);
      const step = t[1] - t[0];
      const mantissa = step / 10 ** Math.floor(Math.log10(step));
      expect([1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-9)).toBe(true);
    }
    expect(niceTicks(3, 3, 5)).toEqual([3]);
    expect(niceTicks(NaN, 1, 5)).toEqual([]);
  });

  it('puts log ticks on whole decades, thinned, and labels them plainly', () => {
    expect(decadeTicks(-1.3, 0.2, 5)).toEqual([-1, 0]);
    expect(decadeTicks(-8.5, 2.1, 4)).toEqual([-8, -5, -2, 1]);
    expect(decadeTicks(-0.9, -0.2, 4)).toEqual(niceTicks(-0.9, -0.2, 4));
    expect([-3, -1, 0, 2, 3].map(decadeLabel)).toEqual(['1e-3', '0.1', '1', '100', '1e3']);
  });
});
