import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lessonTitle, listLessons, parseLessons } from './catalog';

describe('lesson catalog', () => {
  it('orders lessons by the number of their file name, not by name or path order', () => {
    const file = (name: string) => JSON.stringify({ name, description: `about ${name}` });
    const lessons = parseLessons({
      '/g/lessons/10-ten.json': file('Lesson 10 · Ten'),
      '/g/lessons/02-two.json': file('Lesson 2 · Two'),
      '/g/lessons/07-seven.json': file('Lesson 7 · Seven: more'),
      '/g/lessons/extra.json': file('Extra'),
    });
    expect(lessons.map((l) => [l.number, l.id, l.title])).toEqual([
      [2, '02-two.json', 'Two'],
      [7, '07-seven.json', 'Seven: more'],
      [10, '10-ten.json', 'Ten'],
      [NaN, 'extra.json', 'Extra'],
    ]);
    expect(lessons[1].description).toBe('about Lesson 7 · Seven: more');
  });

  it('keeps a file that is not JSON, named after the file', () => {
    const [l] = parseLessons({ '/x/03-broken.json': '{ nope' });
    expect(l).toMatchObject({ number: 3, title: '03-broken' });
    expect(l.description).toMatch(/not valid JSON/);
  });

  it('strips the "Lesson N ·" prefix only', () => {
    expect(lessonTitle('Lesson 7 · SDEs: DDPM and SMLD')).toBe('SDEs: DDPM and SMLD');
    expect(lessonTitle('lesson 12: Flows')).toBe('Flows');
    expect(lessonTitle('Lessons learned')).toBe('Lessons learned');
  });

  it('lists every file of graphs/lessons, in order', () => {
    const onDisk = readdirSync(new URL('../../../graphs/lessons', import.meta.url)).filter((f) => f.endsWith('.json')).sort();
    const listed = listLessons();
    expect(listed.map((l) => l.id)).toEqual(onDisk);
    expect(listed.map((l) => l.number)).toEqual([...listed.map((l) => l.number)].sort((a, b) => a - b));
    const seven = listed.find((l) => l.id === '07-sdes.json');
    expect(seven?.number).toBe(7);
    expect(seven?.title).toMatch(/^SDEs/);
  });
});
