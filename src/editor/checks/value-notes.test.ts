import { describe, expect, it } from 'vitest';
import { valueNote } from './value-notes';

describe('notes on metric values', () => {
  it('explains a negative unbiased MMD², and only then', () => {
    expect(valueNote('metric/mmd', 'value', -0.0004)).toMatch(/^Below zero: the unbiased estimate/);
    expect(valueNote('metric/mmd', 'value', 0.01)).toMatch(/^MMD²: 0 when/);
    expect(valueNote('metric/mmd', 'value', -0.0004, { unbiased: false })).toMatch(/^MMD²: 0 when/);
  });

  it('points SW to its floor, and says nothing of other outputs', () => {
    expect(valueNote('metric/sliced-wasserstein', 'value', 0.08)).toMatch(/floor/);
    expect(valueNote('metric/moments', 'mean', 0)).toBeUndefined();
  });
});
