import type { GraphIssue } from './errors';
import type { Assertion, GraphNode } from './format';
import { ownValue } from './reserved-names';
import type { NodeRegistry } from './registry';

/**
 * Assertions must name a node of the graph and one of its outputs: checked when the
 * file is loaded (editor and CLI alike), not found after a long run (issue 17, finding 9).
 */
export function assertionTargetIssues(graph: { nodes: GraphNode[]; assertions: Assertion[] }, registry: NodeRegistry): GraphIssue[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const issues: GraphIssue[] = [];
  graph.assertions.forEach((a, i) => {
    const node = byId.get(a.node);
    if (!node) {
      issues.push({ code: 'unknown-target', node: a.node, path: ['assertions', i, 'node'], message: `assertion ${i} is on node '${a.node}', which does not exist` });
      return;
    }
    const def = registry.get(node.type);
    if (def && !ownValue(def.outputs, a.port)) {
      const ports = Object.keys(def.outputs).map((p) => `'${p}'`).join(', ') || 'none';
      issues.push({ code: 'unknown-port', node: a.node, port: a.port, path: ['assertions', i, 'port'], message: `assertion ${i} reads '${a.node}.${a.port}', but node '${a.node}' (${def.type}) has no output '${a.port}'; it has ${ports}` });
    }
  });
  return issues;
}
