import { describe, expect, it } from 'vitest';
import { ddimIndices, linspace, roundHalfEven } from './grids';

describe('sampling grids', () => {
  it('linspace has n + 1 points and ends exactly at both ends', () => {
    const g = linspace(1, 1e-3, 7);
    expect(g.length).toBe(8);
    expect(g[0]).toBe(1);
    expect(g[7]).toBe(1e-3);
    expect(g[1]).toBeCloseTo(1 - 0.999 / 7, 15);
  });

  it('DDIM leading: the DDIM paper’s range(0, T, T/S) shifted to 1-based chain indices', () => {
    const idx = ddimIndices(1000, 50, 'leading');
    expect(idx.length).toBe(50);
    expect(idx[0]).toBe(981);
    expect(idx[1]).toBe(961);
    expect(idx.at(-1)).toBe(1);
  });

  it('DDIM trailing starts at T; linspace spans T…1; all strictly decreasing', () => {
    const tr = ddimIndices(1000, 50, 'trailing');
    expect(tr.slice(0, 2)).toEqual([1000, 980]);
    expect(tr.at(-1)).toBe(20);
    const ls = ddimIndices(1000, 50, 'linspace');
    expect(ls[0]).toBe(1000);
    expect(ls.at(-1)).toBe(1);
    expect(ls[1]).toBe(Math.round((48 * 999) / 49) + 1);
    for (const seq of [tr, ls, ddimIndices(1000, 1000, 'leading'), ddimIndices(7, 3, 'trailing'), ddimIndices(7, 7, 'linspace')])
      for (let k = 1; k < seq.length; k++) expect(seq[k]).toBeLessThan(seq[k - 1]);
    expect(ddimIndices(1000, 1000, 'trailing')).toEqual(ddimIndices(1000, 1000, 'linspace'));
    expect(ddimIndices(10, 1, 'linspace')).toEqual([10]);
    expect(() => ddimIndices(10, 11, 'leading')).toThrow(/steps/);
  });

  it('rounds half to even as numpy and diffusers do: the timesteps of diffusers’ DDIMScheduler', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 62.5, 166.5, 2.4999, 2.5001].map(roundHalfEven)).toEqual([0, 2, 2, 0, -2, 62, 166, 2, 3]);
    // diffusers, timestep_spacing="trailing", T = 1000, 16 steps: np.round(np.arange(1000, 0, -62.5)) − 1 (0-based τ = i − 1), printed by numpy 1.24.
    const trailing = [999, 937, 874, 811, 749, 687, 624, 561, 499, 437, 374, 311, 249, 187, 124, 61];
    expect(ddimIndices(1000, 16, 'trailing').map((i) => i - 1)).toEqual(trailing);
    // "linspace", 7 steps: np.linspace(0, 999, 7).round() = [0, 166, 333, 500, 666, 832, 999], reversed.
    expect(ddimIndices(1000, 7, 'linspace').map((i) => i - 1)).toEqual([999, 832, 666, 500, 333, 166, 0]);
  });
});
