import type { GraphEdge, GraphFile, GraphNode } from '../../../engine/format';
import { nodeDef } from '../../registry';
import type { PortRef } from './model';

/**
 * A graph that is the document plus a few extra nodes (a grid and predictor evaluations,
 * or metrics), run with those nodes as targets. The whole document goes along so the
 * worker's cache keeps every result (the executor drops cached nodes missing from a run's
 * graph) and the nodes upstream of the targets are found cached, not re-run.
 */
export class AuxGraph {
  private readonly used: Set<string>;
  private readonly nodes: GraphNode[] = [];
  private readonly edges: GraphEdge[] = [];

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

  get targets(): string[] {
    return this.nodes.map((n) => n.id);
  }

  build(): GraphFile {
    return { ...this.base, nodes: [...this.base.nodes, ...this.nodes], edges: [...this.base.edges, ...this.edges], assertions: [] };
  }
}
