import { describe, expect, it } from 'vitest';
import { randomSubset, strideIndices } from './subsample';

describe('subsample', () => {
  it('strideIndices spaces m indices evenly, first and last included', () => {
    expect(Array.from(strideIndices(10, 4))).toEqual([0, 3, 6, 9]);
    expect(Array.from(strideIndices(5, 9))).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(strideIndices(7, 1))).toEqual([0]);
    const idx = strideIndices(100_003, 4000);
    expect(idx.length).toBe(4000);
    expect(idx[3999]).toBe(100_002);
    for (let k = 1; k < idx.length; k++) expect(idx[k]).toBeGreaterThan(idx[k - 1]);
  });

  it('randomSubset draws distinct sorted indices, reproducibly, uniformly', () => {
    const s = randomSubset(50, 20, 3);
    expect(new Set(s).size).toBe(20);
    expect(Array.from(s)).toEqual(Array.from(s).sort((a, b) => a - b));
    expect(Array.from(randomSubset(50, 20, 3))).toEqual(Array.from(s));
    expect(Array.from(randomSubset(50, 20, 4))).not.toEqual(Array.from(s));
    // Each index is kept with probability m/n = 0.2: over 2000 draws a count has std
    // sqrt(2000·0.2·0.8) ≈ 17.9 around 400; 90 is 5 std.
    const hits = new Int32Array(50);
    for (let seed = 0; seed < 2000; seed++) for (const i of randomSubset(50, 10, seed)) hits[i]++;
    for (const h of hits) expect(Math.abs(h - 400)).toBeLessThan(90);
  });
});
