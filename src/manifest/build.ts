import { z } from 'zod';
import type { AnyNodeDef } from '../engine/node';
import { portSpec, type PortDecl, type PortSpec } from '../engine/ports';
import type { NodeManifest, NodeTypeEntry } from './types';

/** Fields of a definition the manifest spells out; any other plain-data field goes to `extra`. */
const KNOWN = new Set(['type', 'version', 'title', 'category', 'inputs', 'outputs', 'params', 'docs', 'mainParams', 'body', 'passive', 'persist', 'migrate', 'run']);

export interface ManifestOptions {
  /** Whether a node type is a sampler that nodes/loop/expand.ts turns into a loop. */
  expands?: (type: string) => boolean;
}

/** The manifest of these node types (run in Node at build time, where the implementations load). */
export function buildManifest(defs: readonly AnyNodeDef[], options: ManifestOptions = {}): NodeManifest {
  return { format: 'diffusion-graph-lab/node-manifest', version: 1, nodes: defs.map((def) => manifestEntry(def, options)) };
}

export function manifestEntry(def: AnyNodeDef, options: ManifestOptions = {}): NodeTypeEntry {
  const entry: NodeTypeEntry = {
    type: def.type,
    version: def.version,
    title: def.title,
    category: def.category,
    inputs: specs(def.inputs),
    outputs: specs(def.outputs),
    params: paramsSchema(def),
    defaults: defaultsOf(def),
    docs: { ...def.docs },
  };
  if (def.mainParams) entry.mainParams = [...def.mainParams];
  if (def.body) entry.body = structuredClone(def.body);
  if (def.passive) entry.passive = true;
  if (def.persist) entry.persists = true;
  if (def.migrate) entry.migrates = true;
  if (options.expands?.(def.type)) entry.expands = true;
  const extra: Record<string, unknown> = {};
  const workerOnly: string[] = [];
  for (const [key, value] of Object.entries(def)) {
    if (KNOWN.has(key) || value === undefined) continue;
    if (holdsFunction(value)) workerOnly.push(key);
    else extra[key] = structuredClone(value);
  }
  if (Object.keys(extra).length) entry.extra = extra;
  if (workerOnly.length) entry.workerOnly = workerOnly;
  return entry;
}

function specs(ports: Record<string, PortDecl>): Record<string, PortSpec> {
  return Object.fromEntries(Object.entries(ports).map(([name, decl]) => [name, { ...portSpec(decl) }]));
}

/** The input side of the schema: a field with a default may be left out. */
function paramsSchema(def: AnyNodeDef): Record<string, unknown> {
  try {
    return z.toJSONSchema(def.params, { io: 'input' }) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`node type '${def.type}': its params cannot be written as JSON Schema (${(e as Error).message}); use plain zod types (no transforms or refinements)`, { cause: e });
  }
}

function defaultsOf(def: AnyNodeDef): Record<string, unknown> {
  const parsed = def.params.safeParse({});
  if (!parsed.success || !parsed.data || typeof parsed.data !== 'object') return {};
  return parsed.data as Record<string, unknown>;
}

/** Code cannot travel in JSON: such fields stay in the worker, and the manifest names them. */
function holdsFunction(value: unknown, seen = new Set<unknown>()): boolean {
  if (typeof value === 'function') return true;
  if (!value || typeof value !== 'object' || seen.has(value)) return false;
  seen.add(value);
  return Object.values(value).some((v) => holdsFunction(v, seen));
}
