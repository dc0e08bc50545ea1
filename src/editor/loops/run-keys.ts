import type { GraphFile } from '../../engine/format';
import { useLoops } from './store';

/**
 * Run results of body nodes. The engine runs a body inside its loop node and reports on
 * the loop; an error in the body names `body node 'x' (type)` (a run) or has a JSON path
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

const BODY_PATH = /^\$\.nodes\[(\d+)\]\.body(?:\.nodes\[(\d+)\]|\.inputs\.([A-Za-z_$][\w$]*)\[(\d+)\]|(\.output))?/;

/** The run-store keys a validation issue (path formatted by src/engine/errors.ts) belongs to. */
export function issueKeys(graph: GraphFile, issue: { node?: string; path?: string }): string[] {
  const own = issue.node ? [issue.node] : [];
  const m = BODY_PATH.exec(issue.path ?? '');
  const loop = m ? graph.nodes[Number(m[1])] : undefined;
  if (!m || !loop?.body) return own;
  const body = loop.body;
  const inner =
    m[2] !== undefined ? body.nodes[Number(m[2])]?.id : m[3] !== undefined ? body.inputs[m[3]]?.[Number(m[4])]?.node : m[5] ? body.output.node : issue.node;
  return inner && body.nodes.some((n) => n.id === inner) ? [loop.id, bodyKey(loop.id, inner)] : [loop.id];
}

/** The key of the body node a loop's run error names, if it names one. */
export function bodyErrorKey(loop: string, message: string): string | null {
  const m = /body node '([^']+)'/.exec(message);
  return m ? bodyKey(loop, m[1]) : null;
}

/** Run targets in the open scope: body nodes run with their loop. */
export function outerTargets(targets: string[] | undefined): string[] | undefined {
  const scope = useLoops.getState().scope;
  return targets?.length && scope ? [scope] : targets;
}
