import type { JsonPath } from '../../engine/errors';
import type { GraphFile } from '../../engine/format';
import { useLoops } from './store';

/**
 * Run results of body nodes. The engine runs a body inside its loop node and reports on
 * the loop; an error in the body carries the body node's id (`bodyNode`, a run) or a JSON path
 * into the body (validation). The editor files such an error under the loop and under
 * `<loop>/<node>`, the name the executor gives body nodes ('/' is in no node id), which
 * the body node shows when its loop is open.
 */
export function bodyKey(loop: string, node: string): string {
  return `${loop}/${node}`;
}

/** The top-level node a run-store key belongs to. */
export function outerKey(key: string): string {
  const slash = key.indexOf('/');
  return slash < 0 ? key : key.slice(0, slash);
}

/** The run-store key of node `id` in the open scope. */
export function useRunKey(id: string): string {
  const scope = useLoops((s) => s.scope);
  return scope ? bodyKey(scope, id) : id;
}

/**
 * The run-store keys a validation issue belongs to, from its JSON path (never its message):
 * ['nodes', i, 'body', 'nodes', j, …] is body node j of loop i; ['nodes', i, 'body', 'inputs', name, k, …]
 * the node that binding k feeds; ['nodes', i, 'body', 'output', …] the body's output node.
 */
export function issueKeys(graph: GraphFile, issue: { node?: string; path: JsonPath }): string[] {
  const own = issue.node ? [issue.node] : [];
  const [nodesKey, loopIndex, bodyKeyName, part, a, b] = issue.path;
  const loop = nodesKey === 'nodes' && typeof loopIndex === 'number' && bodyKeyName === 'body' ? graph.nodes[loopIndex] : undefined;
  if (!loop?.body) return own;
  const body = loop.body;
  const inner =
    part === 'nodes' && typeof a === 'number'
      ? body.nodes[a]?.id
      : part === 'inputs' && typeof a === 'string' && typeof b === 'number'
        ? body.inputs[a]?.[b]?.node
        : part === 'output'
          ? body.output.node
          : issue.node;
  return inner && body.nodes.some((n) => n.id === inner) ? [loop.id, bodyKey(loop.id, inner)] : [loop.id];
}

/** The run-store key of the body node a loop's run error names (its `bodyNode` field), if any. */
export function bodyErrorKey(error: { node: string; bodyNode?: string }): string | null {
  return error.bodyNode === undefined ? null : bodyKey(error.node, error.bodyNode);
}

/** Run targets in the open scope: body nodes run with their loop. */
export function outerTargets(targets: string[] | undefined): string[] | undefined {
  const scope = useLoops.getState().scope;
  return targets?.length && scope ? [scope] : targets;
}
