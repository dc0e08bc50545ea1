import { hashString, nodeSeed, stableStringify } from './hash';
import type { ResolvedNode } from './validate';

export interface PlannedNode {
  id: string;
  resolved: ResolvedNode;
  /** Cache key: type, version, params, seed and the keys of its inputs. */
  key: string;
  /** The seed handed to `run` as ctx.seed. */
  seed: number;
}

/**
 * Plan from the outputs: the nodes the targets need, in topological order (ComfyUI-style:
 * only what is requested runs). Without targets, every runnable node is a target.
 * Assumes a validated, acyclic graph.
 */
export function planRun(nodes: Map<string, ResolvedNode>, graphSeed: number, targets?: readonly string[]): PlannedNode[] {
  const wanted = targets?.length ? targets : [...nodes.values()].filter((r) => !r.def.passive).map((r) => r.node.id);
  const order: string[] = [];
  const visited = new Set<string>();
  // Iterative post-order DFS over input edges: every node after the nodes it reads from.
  for (const target of wanted) {
    const stack: { id: string; expanded: boolean }[] = [{ id: target, expanded: false }];
    while (stack.length) {
      const top = stack.pop()!;
      if (top.expanded) {
        order.push(top.id);
        continue;
      }
      if (visited.has(top.id)) continue;
      visited.add(top.id);
      stack.push({ id: top.id, expanded: true });
      const r = nodes.get(top.id)!;
      const sources = [...r.inputs.values()].map((e) => e.source).reverse();
      for (const s of sources) if (!visited.has(s)) stack.push({ id: s, expanded: false });
    }
  }
  const keys = new Map<string, string>();
  return order.map((id) => {
    const resolved = nodes.get(id)!;
    const seed = nodeSeed(graphSeed, typeof resolved.params.seed === 'number' ? resolved.params.seed : 0);
    const inputs: Record<string, string> = {};
    for (const [port, edge] of resolved.inputs) inputs[port] = `${keys.get(edge.source)}:${edge.sourcePort}`;
    // A body's layout (positions, labels, sizes) does not change what the loop computes.
    const body = resolved.node.body && { ...resolved.node.body, nodes: resolved.node.body.nodes.map(({ id, type, typeVersion, params }) => ({ id, type, typeVersion, params })) };
    const key = hashString(stableStringify({ type: resolved.def.type, version: resolved.def.version, params: resolved.params, seed, inputs, body }));
    keys.set(id, key);
    return { id, resolved, key, seed };
  });
}
