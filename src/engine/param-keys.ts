import type { GraphIssue, JsonPath } from './errors';
import type { AnyNodeDef } from './node';

/** The param names a node type declares (its zod object's keys), or null when its schema is not an object. */
export function declaredParams(def: AnyNodeDef): string[] | null {
  const shape = (def.params as { shape?: Record<string, unknown> }).shape;
  return shape && typeof shape === 'object' ? Object.keys(shape) : null;
}

/**
 * Params a file gives that the node type does not have: refused with their path, as
 * `--set` refuses them (a typo such as `setps` must not be dropped silently and run
 * with the default).
 */
export function unknownParamIssues(def: AnyNodeDef, params: Record<string, unknown>, path: JsonPath, nodeId: string): GraphIssue[] {
  const known = declaredParams(def);
  if (!known) return [];
  const names = new Set(known);
  return Object.keys(params)
    .filter((key) => !names.has(key))
    .map((key) => ({ code: 'invalid-params', node: nodeId, path: [...path, 'params', key], message: `node '${nodeId}' (${def.type}) has no param '${key}'; it has ${known.length ? known.map((k) => `'${k}'`).join(', ') : 'none'}` }));
}
