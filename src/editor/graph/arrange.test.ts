import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GraphFile, GraphNode } from '../../engine/format';
import { notesInOrder } from '../lessons/reading-order';
import { arrangeLayered, boxesOverlap } from './arrange';

const lesson = (file: string) => JSON.parse(readFileSync(new URL(`../../../graphs/lessons/${file}`, import.meta.url), 'utf8')) as GraphFile;
/** Sizes as the canvas draws them, about: notes as wide as they say, nodes 256 wide. */
const size = (n: GraphNode) => (n.type === 'note' ? { width: n.width ?? 460, height: 400 } : { width: 256, height: 150 + 20 * Object.keys(n.params).length });

describe('arrange (layered layout by dagre)', () => {
  for (const file of ['07-sdes.json', '08-many-samplers.json']) {
    it(`${file}: every edge runs left to right, no two nodes overlap, notes sit above`, () => {
      const g = lesson(file);
      const at = arrangeLayered(g.nodes, g.edges, size);
      expect(at.size).toBe(g.nodes.length);
      const box = (n: GraphNode) => ({ ...at.get(n.id)!, ...size(n) });
      const byId = new Map(g.nodes.map((n) => [n.id, n]));
      for (const e of g.edges) {
        const s = box(byId.get(e.source)!);
        const t = box(byId.get(e.target)!);
        expect(s.x + s.width).toBeLessThan(t.x);
      }
      for (let i = 0; i < g.nodes.length; i++) for (let j = i + 1; j < g.nodes.length; j++) expect(boxesOverlap(box(g.nodes[i]), box(g.nodes[j])), `${g.nodes[i].id} / ${g.nodes[j].id}`).toBe(false);
      const flowTop = Math.min(...g.nodes.filter((n) => n.type !== 'note').map((n) => at.get(n.id)!.y));
      for (const n of g.nodes.filter((n) => n.type === 'note')) expect(box(n).y + box(n).height).toBeLessThan(flowTop);
      // The notes keep their reading order.
      const moved = g.nodes.map((n) => ({ ...n, position: at.get(n.id)! }));
      expect(notesInOrder({ nodes: moved }).map((n) => n.id)).toEqual(notesInOrder(g).map((n) => n.id));
    });
  }
});
