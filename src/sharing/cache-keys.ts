import type { GraphFile } from '../engine/format';
import { planRun } from '../engine/planner';
import type { NodeRegistry } from '../engine/registry';
import { validateGraph } from '../engine/validate';

/**
 * The cache key of every runnable node of a graph (node id → key), as the executor's
 * planner computes it: trained weights are stored under these keys. Keys depend on
 * content (type, version, params, seed, upstream keys), not on node ids or positions,
 * so they survive export, import and duplication. Empty for a graph with fatal issues.
 */
export function graphCacheKeys(graph: GraphFile, registry: NodeRegistry): Map<string, string> {
  const v = validateGraph(graph, registry);
  if (v.issues.length) return new Map();
  return new Map(planRun(v.nodes, graph.seed).map((p) => [p.id, p.key]));
}
