import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/engine/format';
import note from './note';

describe('note', () => {
  it('is passive, has no ports and bounds its text', () => {
    expect(note.passive).toBe(true);
    expect(Object.keys(note.inputs)).toEqual([]);
    expect(Object.keys(note.outputs)).toEqual([]);
    expect(note.params.parse({}).text.length).toBeGreaterThan(0);
    expect(note.params.safeParse({ text: 'x'.repeat(LIMITS.textLength) }).success).toBe(true);
    expect(note.params.safeParse({ text: 'x'.repeat(LIMITS.textLength + 1) }).success).toBe(false);
  });
});
