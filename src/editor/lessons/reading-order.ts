import type { GraphFile, GraphNode } from '../../engine/format';

/**
 * Notes whose tops lie within this many canvas units of a row's first note read as one
 * row (lesson notes stand side by side with ragged tops).
 */
export const ROW_TOLERANCE = 240;

/**
 * The note nodes of a graph in reading order: rows from top to bottom, and left to right
 * within a row (a row gathers notes whose tops are within ROW_TOLERANCE of its first).
 */
export function notesInOrder(graph: Pick<GraphFile, 'nodes'>): GraphNode[] {
  const notes = graph.nodes.filter((n) => n.type === 'note').sort((a, b) => a.position.y - b.position.y || a.position.x - b.position.x);
  const rows: GraphNode[][] = [];
  for (const n of notes) {
    const row = rows.at(-1);
    if (row && n.position.y - row[0].position.y <= ROW_TOLERANCE) row.push(n);
    else rows.push([n]);
  }
  return rows.flatMap((row) => row.sort((a, b) => a.position.x - b.position.x));
}

/** A note's text (its `text` param). */
export function noteText(n: GraphNode): string {
  return typeof n.params.text === 'string' ? n.params.text : '';
}

/** The note's first heading, else its first line, as plain text (for the reading pane's outline). */
export function noteHeading(n: GraphNode): string {
  return headingOf(noteText(n));
}

/** Common TeX in headings, as the characters they print. */
const TEX: Record<string, string> = { mathcal: '', mathbb: '', mathrm: '', sim: '∼', to: '→', sigma: 'σ', varepsilon: 'ε', epsilon: 'ε', alpha: 'α', beta: 'β', theta: 'θ', nabla: '∇', hat: '', bar: '', cdot: '·', approx: '≈', le: '≤', ge: '≥' };
const CALLIGRAPHIC: Record<string, string> = { N: '𝒩', L: 'ℒ' };

/** Inline TeX ($…$) as plain text: `$x_T \sim \mathcal N(0, I)$` → `x_T ∼ 𝒩(0, I)`. */
export function plainTex(text: string): string {
  return text.replace(/\$([^$]*)\$/g, (_, tex: string) =>
    tex
      .replace(/\\mathcal\s*\{?([A-Z])\}?/g, (_m, c: string) => CALLIGRAPHIC[c] ?? c)
      .replace(/\\([a-zA-Z]+)(\s*)/g, (_m, name: string, space: string) => (name in TEX ? (TEX[name] ? TEX[name] + space : '') : name + space))
      .replace(/[{}]/g, '')
      .trim(),
  );
}

/** The first heading of a Markdown text, else its first line, as plain text. */
export function headingOf(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const heading = lines.find((l) => /^#{1,6}\s/.test(l)) ?? lines[0] ?? '';
  return plainTex(heading.replace(/^#{1,6}\s+/, '')).replace(/[*`]/g, '').slice(0, 120);
}
