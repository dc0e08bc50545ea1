/**
 * The lessons: every graphs/lessons/NN-name.json, bundled by Vite at build time, in the
 * order of their number. Only the name and description are read here; a file is
 * validated when it is opened (so a broken one still shows, and says why on opening).
 */
export interface Lesson {
  /** File name under graphs/lessons/, e.g. '07-sdes.json'. */
  id: string;
  /** The number in the file name (7 for 07-sdes.json). */
  number: number;
  title: string;
  description: string;
  text: string;
}

/** "Lesson 7 · SDEs: …" → "SDEs: …" (the number is shown on its own). */
export function lessonTitle(name: string): string {
  return name.replace(/^\s*lesson\s+\d+\s*[·:.\-–—]\s*/i, '').trim();
}

/** Lessons from {path: text}, ordered by the number that starts their file name, then by name. */
export function parseLessons(files: Record<string, string>): Lesson[] {
  return Object.entries(files)
    .map(([path, text]): Lesson => {
      const id = path.replace(/^.*\//, '');
      const number = Number(/^(\d+)/.exec(id)?.[1] ?? NaN);
      let name = id.replace(/\.json$/, '');
      let description = '';
      try {
        const data = JSON.parse(text) as { name?: unknown; description?: unknown };
        if (typeof data.name === 'string' && data.name.trim()) name = data.name;
        if (typeof data.description === 'string') description = data.description;
      } catch {
        description = 'This file is not valid JSON: opening it will say what is wrong.';
      }
      return { id, number, title: lessonTitle(name), description, text };
    })
    .sort((a, b) => (Number.isNaN(a.number) ? Infinity : a.number) - (Number.isNaN(b.number) ? Infinity : b.number) || a.id.localeCompare(b.id));
}

const files = import.meta.glob('../../../graphs/lessons/*.json', { eager: true, query: '?raw', import: 'default' }) as Record<string, string>;
let cached: Lesson[] | undefined;

/** Every lesson file present at build time, in order. */
export function listLessons(): Lesson[] {
  return (cached ??= parseLessons(files));
}
