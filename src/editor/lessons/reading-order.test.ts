import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GraphNode } from '../../engine/format';
import { noteHeading, notesInOrder } from './reading-order';

const note = (id: string, x: number, y: number, text = ''): GraphNode => ({ id, type: 'note', typeVersion: 1, params: { text }, position: { x, y } }) as GraphNode;

describe('notes in reading order', () => {
  it('reads rows top to bottom and left to right within a row, ignoring other nodes', () => {
    const nodes = [
      note('below-left', -700, 2500),
      note('right', 1700, -1100),
      { id: 'sampler', type: 'sampler/ddpm', typeVersion: 1, params: {}, position: { x: 0, y: -2000 } } as GraphNode,
      note('middle-ragged', 700, -1000), // 100 lower than its row's first: same row
      note('left', 0, -1100),
    ];
    expect(notesInOrder({ nodes }).map((n) => n.id)).toEqual(['left', 'middle-ragged', 'right', 'below-left']);
  });

  it('starts a new row past the tolerance', () => {
    const nodes = [note('b', 0, 400), note('a', 500, 0)];
    expect(notesInOrder({ nodes }).map((n) => n.id)).toEqual(['a', 'b']);
  });

  it('orders lesson 7 as written: introduction, reverse SDE, checks, then SMLD below', () => {
    const g = JSON.parse(readFileSync(new URL('../../../graphs/lessons/07-sdes.json', import.meta.url), 'utf8')) as { nodes: GraphNode[] };
    expect(notesInOrder(g).map((n) => n.id)).toEqual(['intro', 'reverse', 'compare', 'smld']);
  });

  it('outlines a note by its first heading', () => {
    expect(noteHeading(note('n', 0, 0, '\n## Lesson 7 · **SDEs**\n\ntext'))).toBe('Lesson 7 · SDEs');
    expect(noteHeading(note('n', 0, 0, 'Just a line\nmore'))).toBe('Just a line');
  });

  it('prints inline TeX in headings as text, not source', () => {
    expect(noteHeading(note('n', 0, 0, '### Where it ends: $x_T \\sim \\mathcal N(0, I)$'))).toBe('Where it ends: x_T ∼ 𝒩(0, I)');
    expect(noteHeading(note('n', 0, 0, '### Why not just decode $\\mathcal{N}(0, I)$?'))).toBe('Why not just decode 𝒩(0, I)?');
    expect(noteHeading(note('n', 0, 0, '## The $\\hat\\varepsilon$ reading'))).toBe('The ε reading');
  });
});
