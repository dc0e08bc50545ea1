/** Readable sizes and times for the library list. */

/** 1536 → "1.5 KB"; binary multiples, as the browser's storage quota counts them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", then the date. */
export function formatAgo(at: number, now = Date.now()): string {
  const dt = Math.max(0, now - at);
  if (dt < MINUTE) return 'just now';
  if (dt < HOUR) return `${Math.floor(dt / MINUTE)} min ago`;
  if (dt < DAY) return `${Math.floor(dt / HOUR)} h ago`;
  if (dt < 2 * DAY) return 'yesterday';
  if (dt < 7 * DAY) return `${Math.floor(dt / DAY)} days ago`;
  const date = new Date(at);
  const sameYear = date.getFullYear() === new Date(now).getFullYear();
  return date.toLocaleDateString(undefined, { day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }) });
}

/** Examples from graphs/ and lessons from graphs/lessons/, for the gallery's two sections. */
export function splitExamples<T extends { id: string }>(examples: readonly T[]): { examples: T[]; lessons: T[] } {
  const lessons = examples.filter((e) => e.id.startsWith('lessons/')).sort((a, b) => a.id.localeCompare(b.id));
  return { examples: examples.filter((e) => !e.id.startsWith('lessons/')), lessons };
}
