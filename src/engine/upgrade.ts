import type { GraphFile, GraphNode } from './format';
import type { NodeRegistry } from './registry';

/** A node whose saved params were upgraded to its type's current version. */
export interface UpgradedNode {
  /** Its id; a body node is `<loop>/<node>`. */
  node: string;
  from: number;
  to: number;
}

/**
 * The graph with every node (and body node) at its type's current version: params migrated by
 * the type's `migrate` and `typeVersion` set to the definition's version, so the editor shows
 * and export writes the upgraded file. Unknown types and newer versions are left for validation
 * to report. The input is not changed.
 */
export function upgradeGraph(graph: GraphFile, registry: NodeRegistry): { graph: GraphFile; upgraded: UpgradedNode[] } {
  const upgraded: UpgradedNode[] = [];
  const upgradeNode = (node: GraphNode, prefix: string): GraphNode => {
    const def = registry.get(node.type);
    const body = node.body ? { ...node.body, nodes: node.body.nodes.map((n) => upgradeNode(n, `${node.id}/`)) } : undefined;
    const withBody = body ? { ...node, body } : node;
    if (!def || node.typeVersion >= def.version) return withBody;
    upgraded.push({ node: prefix + node.id, from: node.typeVersion, to: def.version });
    const params = def.migrate ? def.migrate(structuredClone(node.params), node.typeVersion) : node.params;
    return { ...withBody, params, typeVersion: def.version };
  };
  const nodes = graph.nodes.map((n) => upgradeNode(n, ''));
  return { graph: upgraded.length ? { ...graph, nodes } : graph, upgraded };
}
