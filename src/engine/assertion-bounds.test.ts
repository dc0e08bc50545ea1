import { describe, expect, it } from 'vitest';
import { boundsText, brokenBounds } from './assertion-bounds';

const a = (bounds: Record<string, number>) => ({ node: 'n', port: 'value', ...bounds });

describe('assertion bounds', () => {
  it('checks strict and inclusive bounds at their edges', () => {
    expect(brokenBounds(a({ lt: 0.15 }), 0.15)).toEqual(['< 0.15']);
    expect(brokenBounds(a({ le: 0.15 }), 0.15)).toEqual([]);
    expect(brokenBounds(a({ gt: 1 }), 1)).toEqual(['> 1']);
    expect(brokenBounds(a({ ge: 1 }), 1)).toEqual([]);
    expect(brokenBounds(a({ gt: 0.22, lt: 0.6 }), 0.7)).toEqual(['< 0.6']);
  });

  it('checks approx within tol, both sides', () => {
    expect(brokenBounds(a({ approx: 100, tol: 0.5 }), 100.5)).toEqual([]);
    expect(brokenBounds(a({ approx: 100, tol: 0.5 }), 99.4)).toEqual(['≈ 100 ± 0.5']);
  });

  it('never passes NaN', () => {
    expect(brokenBounds(a({ lt: 1 }), NaN)).toEqual(['< 1']);
    expect(brokenBounds(a({ approx: 0, tol: 1 }), NaN)).toHaveLength(1);
  });

  it('writes every bound', () => {
    expect(boundsText(a({ gt: 0.22, lt: 0.6 }))).toBe('> 0.22 and < 0.6');
    expect(boundsText(a({ approx: 20, tol: 0.5 }))).toBe('≈ 20 ± 0.5');
    expect(boundsText(a({ approx: 1.0256410256410258, tol: 0.04 }), (v) => v.toPrecision(3))).toBe('≈ 1.03 ± 0.0400');
  });
});
