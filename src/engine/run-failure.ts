import { NodeRunError } from './context';
import type { GraphIssue, JsonPath } from './errors';
import type { RunError, RunResult } from './events';
import type { GraphFile } from './format';

/** A run refused before any node ran: the graph's issues, the first of them as its error. */
export function invalidRun(issues: GraphIssue[], started: number): RunResult {
  const first = issues[0];
  return {
    status: 'error',
    seconds: (performance.now() - started) / 1000,
    nodes: {},
    error: { node: first.node ?? '', message: first.message, port: first.port, path: first.path, code: first.code },
    issues,
  };
}

/** A node's failure as data: its code, port and body node, and its JSON path in the file. */
export function runError(graph: GraphFile, nodeId: string, type: string, e: unknown): RunError {
  const failure = e instanceof NodeRunError ? e : undefined;
  const index = graph.nodes.findIndex((n) => n.id === nodeId);
  const path: JsonPath = index < 0 ? [] : ['nodes', index];
  const bodyIndex = failure?.bodyNode === undefined ? -1 : (graph.nodes[index]?.body?.nodes.findIndex((n) => n.id === failure.bodyNode) ?? -1);
  if (bodyIndex >= 0) path.push('body', 'nodes', bodyIndex);
  return {
    node: nodeId,
    ...(failure?.bodyNode === undefined ? {} : { bodyNode: failure.bodyNode }),
    ...(failure?.port === undefined ? {} : { port: failure.port }),
    path,
    code: failure?.code ?? 'failed',
    message: `${nodeId} (${type}): ${(e as Error)?.message ?? String(e)}`,
  };
}
