import type { GraphEdge, GraphFile, GraphNode } from '../../../engine/format';
import { nodeDef } from '../../registry';
import type { PortRef } from './model';

/**
 * A few extra nodes (a grid and predictor evaluations, or metrics) wired to the document's
 * outputs, run as their own graph with those nodes as targets. Only the document nodes
 * upstream of them go along: the worker caches results by content (type, version, params,
 * seed, input keys), so those are found cached, not re-run, and the document's other
 * results stay cached too.
 */
export class AuxGraph {
  private readonly used: Set<string>;
  private readonly nodes: GraphNode[] = [];
  private readonly edges: GraphEdge[] = [];
  /** Document nodes that are targets as they are (a metric the graph already computes). */
  private readonly reused: string[] = [];

  constructor(private readonly base: GraphFile) {
    this.used = new Set([...base.nodes.map((n) => n.id), ...base.edges.map((e) => e.id)]);
  }

  private fresh(stem: string): string {
    let id = `__compare.${stem}`;
    for (let i = 2; this.used.has(id); i++) id = `__compare.${stem}.${i}`;
    this.used.add(id);
    return id;
  }

  /** Add a node of `type` (its current version) with these params; returns its id. */
  add(stem: string, type: string, params: Record<string, unknown>): string {
    const def = nodeDef(type);
    if (!def) throw new Error(`no node type '${type}' in this build`);
    const id = this.fresh(stem);
    this.nodes.push({ id, type, typeVersion: def.version, params, position: { x: 0, y: 0 } });
    return id;
  }

  connect(from: PortRef, target: string, targetPort: string): void {
    this.edges.push({ id: this.fresh(`e.${target.replace(/^__compare\./, '')}.${targetPort}`), source: from.node, sourcePort: from.port, target, targetPort });
  }

  /** Make a node of the document itself a target (its result is read, not recomputed by a twin). */
  reuse(id: string): void {
    if (!this.reused.includes(id)) this.reused.push(id);
  }

  get targets(): string[] {
    return [...this.nodes.map((n) => n.id), ...this.reused];
  }

  build(): GraphFile {
    const needed = this.upstream();
    const nodes = this.base.nodes.filter((n) => needed.has(n.id));
    const edges = this.base.edges.filter((e) => needed.has(e.target));
    return { ...this.base, nodes: [...nodes, ...this.nodes], edges: [...edges, ...this.edges], assertions: [] };
  }

  /** The document nodes the extra nodes read from, directly or through others. */
  private upstream(): Set<string> {
    const into = new Map<string, string[]>();
    for (const e of this.base.edges) into.set(e.target, [...(into.get(e.target) ?? []), e.source]);
    const inBase = new Set(this.base.nodes.map((n) => n.id));
    const needed = new Set<string>();
    const stack = [...this.edges.map((e) => e.source), ...this.reused];
    while (stack.length) {
      const id = stack.pop()!;
      if (needed.has(id) || !inBase.has(id)) continue;
      needed.add(id);
      stack.push(...(into.get(id) ?? []));
    }
    return needed;
  }
}
