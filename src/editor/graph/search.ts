import type { AnyNodeDef } from '../../engine/node';

/**
 * Node types matching a query, best first: every word must appear in the title, type,
 * category or summary; title and type prefixes rank highest.
 */
export function searchDefs(query: string, defs: readonly AnyNodeDef[]): AnyNodeDef[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...defs];
  const scored: { def: AnyNodeDef; score: number }[] = [];
  for (const def of defs) {
    const title = def.title.toLowerCase();
    const type = def.type.toLowerCase();
    const hay = `${title} ${type} ${def.category} ${def.docs.summary.toLowerCase()}`;
    if (!words.every((w) => hay.includes(w))) continue;
    let score = 0;
    for (const w of words) {
      if (title.startsWith(w) || type.split('/').some((part) => part.startsWith(w))) score += 4;
      else if (title.includes(w) || type.includes(w)) score += 2;
      else score += 0.5;
    }
    scored.push({ def, score });
  }
  return scored.sort((a, b) => b.score - a.score).map((s) => s.def);
}
