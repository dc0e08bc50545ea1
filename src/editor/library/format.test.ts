import { describe, expect, it } from 'vitest';
import { formatAgo, formatBytes, splitExamples } from './format';

describe('library formats', () => {
  it('writes sizes in binary multiples with two significant figures below 10', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(20 * 1024)).toBe('20 KB');
    expect(formatBytes(3 * 2 ** 20 + 2 ** 19)).toBe('3.5 MB');
    expect(formatBytes(5 * 2 ** 40)).toBe('5120 GB');
  });

  it('writes times relative to now, then as a date', () => {
    const now = Date.UTC(2025, 5, 15, 12);
    expect(formatAgo(now - 20_000, now)).toBe('just now');
    expect(formatAgo(now + 5_000, now)).toBe('just now');
    expect(formatAgo(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(formatAgo(now - 3 * 3_600_000 - 1, now)).toBe('3 h ago');
    expect(formatAgo(now - 30 * 3_600_000, now)).toBe('yesterday');
    expect(formatAgo(now - 4 * 86_400_000, now)).toBe('4 days ago');
    expect(formatAgo(now - 40 * 86_400_000, now)).not.toMatch(/ago|2025/);
    expect(formatAgo(Date.UTC(2023, 0, 2), now)).toMatch(/2023/);
  });

  it('splits the gallery into examples and lessons in lesson order', () => {
    const { examples, lessons } = splitExamples([{ id: 'a.json' }, { id: 'lessons/07-x.json' }, { id: 'lessons/02-y.json' }, { id: 'b.json' }]);
    expect(examples.map((e) => e.id)).toEqual(['a.json', 'b.json']);
    expect(lessons.map((e) => e.id)).toEqual(['lessons/02-y.json', 'lessons/07-x.json']);
  });
});
