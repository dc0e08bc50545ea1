import type { GraphEdge } from '../../engine/format';

/** A node id from a base name (the type's last segment), unique among `taken`. */
export function uniqueNodeId(base: string, taken: ReadonlySet<string>): string {
  const stem = (base.split('/').pop() ?? 'node').replace(/[^A-Za-z0-9_.:-]/g, '-').slice(0, 80) || 'node';
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) if (!taken.has(`${stem}-${i}`)) return `${stem}-${i}`;
}

/** An edge id that says what it connects, unique among `taken`. */
export function edgeId(e: Omit<GraphEdge, 'id'>, taken: ReadonlySet<string>): string {
  const stem = `${e.source}.${e.sourcePort}->${e.target}.${e.targetPort}`.slice(0, 190);
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) if (!taken.has(`${stem}#${i}`)) return `${stem}#${i}`;
}
