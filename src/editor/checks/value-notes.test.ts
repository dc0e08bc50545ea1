import { describe, expect, it } from 'vitest';
import { valueNote, valueRows } from './value-notes';

describe('notes on metric values', () => {
  it('explains a negative unbiased MMD², and only then', () => {
    expect(valueNote('metric/mmd', 'value', -0.0004)).toMatch(/^Below zero: the unbiased estimate/);
    expect(valueNote('metric/mmd', 'value', 0.01)).toMatch(/^MMD²: 0 when/);
    expect(valueNote('metric/mmd', 'value', -0.0004, { unbiased: false })).toMatch(/^MMD²: 0 when/);
  });

  it('reads SW against the floor its node computed, as a ratio', () => {
    expect(valueNote('metric/sliced-wasserstein', 'value', 0.08)).toMatch(/floor/);
    expect(valueNote('metric/sliced-wasserstein', 'value', 0.14, {}, 0.056)).toMatch(/give 0\.056 at these sizes \(the floor\); this value is 2\.5× that/);
    expect(valueNote('metric/mmd', 'value', 0.0002, {}, 0.0005)).toMatch(/within about ±5\.000e-4/);
    expect(valueNote('metric/moments', 'mean', 0)).toBeUndefined();
  });

  it('folds a metric’s floor into its value row; other outputs stay rows of their own', () => {
    const sw = valueRows('metric/sliced-wasserstein', [
      { port: 'value', type: 'number', value: 0.14 },
      { port: 'floor', type: 'number', value: 0.056 },
    ]);
    expect(sw.map((r) => [r.port, r.value, r.floor])).toEqual([['value', 0.14, 0.056]]);
    const mmd = valueRows('metric/mmd', [
      { port: 'value', type: 'number', value: -0.0001 },
      { port: 'bandwidth', type: 'number', value: 1.2 },
      { port: 'floor', type: 'number', value: 0.0004 },
    ]);
    expect(mmd.map((r) => [r.port, r.floor, r.nearZero])).toEqual([
      ['value', 0.0004, true],
      ['bandwidth', undefined, false],
    ]);
    // Above its band, an MMD² is not "≈ 0".
    expect(valueRows('metric/mmd', [{ port: 'value', type: 'number', value: 0.01 }, { port: 'floor', type: 'number', value: 0.0004 }])[0].nearZero).toBe(false);
    expect(valueRows('metric/moments', [{ port: 'mean', type: 'number', value: 1 }, { port: 'floor', type: 'number', value: 2 }]).map((r) => r.port)).toEqual(['mean', 'floor']);
  });
});
