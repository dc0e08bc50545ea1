import type { GraphEdge } from '../../engine/format';
import { acceptedTypes, portSpec } from '../../engine/ports';
import { portsOf } from '../loops/ports';
import type { Scoped } from './ops';

export type Connection = Omit<GraphEdge, 'id'>;

export type ConnectionCheck = { ok: true; replaces?: string } | { ok: false; reason: string };

/**
 * The rules of src/engine/validate.ts applied to one new edge: the ports exist, the
 * source's type is one the input accepts, no cycle. An input takes one edge: a new
 * edge into a connected input replaces the old one (`replaces`).
 */
export function checkConnection(graph: Scoped, c: Connection): ConnectionCheck {
  if (c.source === c.target) return { ok: false, reason: 'a node cannot feed its own input' };
  const source = graph.nodes.find((n) => n.id === c.source);
  const target = graph.nodes.find((n) => n.id === c.target);
  if (!source || !target) return { ok: false, reason: 'that node no longer exists' };
  const sourceDef = portsOf(source.type);
  const targetDef = portsOf(target.type);
  if (!sourceDef || !targetDef) return { ok: false, reason: `unknown node type '${(sourceDef ? target : source).type}'` };
  const out = sourceDef.outputs[c.sourcePort];
  const inp = targetDef.inputs[c.targetPort];
  if (!out) return { ok: false, reason: `${source.id} has no output '${c.sourcePort}'` };
  if (!inp) return { ok: false, reason: `${target.id} has no input '${c.targetPort}'` };
  const from = portSpec(out).type;
  const accepted = acceptedTypes(inp);
  if (!accepted.includes(from)) {
    return { ok: false, reason: `type mismatch: ${source.id}.${c.sourcePort} is a ${from}, but ${target.id}.${c.targetPort} takes ${accepted.join(' or ')}` };
  }
  const existing = graph.edges.find((e) => e.target === c.target && e.targetPort === c.targetPort);
  if (existing && existing.source === c.source && existing.sourcePort === c.sourcePort) return { ok: false, reason: 'these ports are already connected' };
  const loop = pathBetween(graph.edges, c.target, c.source, existing?.id);
  if (loop) return { ok: false, reason: `that would make a cycle: ${[c.source, ...loop].join(' → ')}` };
  return existing ? { ok: true, replaces: existing.id } : { ok: true };
}

/** The node ids on a path from `from` to `to` along edges (skipping one edge), or null. BFS. */
function pathBetween(edges: readonly GraphEdge[], from: string, to: string, skip?: string): string[] | null {
  const children = new Map<string, string[]>();
  for (const e of edges) {
    if (e.id === skip) continue;
    const list = children.get(e.source) ?? [];
    list.push(e.target);
    children.set(e.source, list);
  }
  const parent = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    if (id === to) {
      const path: string[] = [];
      for (let at: string | null = id; at !== null; at = parent.get(at) ?? null) path.unshift(at);
      return path;
    }
    for (const kid of children.get(id) ?? []) {
      if (!parent.has(kid)) {
        parent.set(kid, id);
        queue.push(kid);
      }
    }
  }
  return null;
}
