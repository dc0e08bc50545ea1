import type { z } from 'zod';
import { sortKeys } from '../engine/hash';
import { GraphFileSchema } from '../engine/format';

/**
 * The key order of an exported graph file is the declaration order of the format's zod
 * schema (src/engine/format.ts): format, version, name, description, seed, nodes, edges,
 * assertions, viewport; within a node id, type, typeVersion, params, position, label…
 * The schema is the one place this order is defined. Free-form maps (a node's params, a
 * body's inputs) and keys the schema does not know are sorted alphabetically, so equal
 * graphs always give equal text.
 */

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  valueType?: z.ZodType;
  in?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Strip wrappers that do not change the JSON shape (optional, default, nullable…). */
function core(schema: z.ZodType): Def {
  let def = defOf(schema);
  for (let i = 0; i < 10; i++) {
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!inner) break;
    def = defOf(inner);
  }
  return def;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

/** `value` with its object keys reordered as `schema` declares them (a deep copy; undefined values dropped). */
export function orderLike(value: unknown, schema: z.ZodType): unknown {
  const def = core(schema);
  if (def.type === 'array' && def.element && Array.isArray(value)) return value.map((v) => orderLike(v, def.element!));
  if (!isPlainObject(value)) return sortKeys(value);
  if (def.type === 'object' && def.shape) {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(def.shape)) {
      if (value[key] !== undefined) out[key] = orderLike(value[key], field);
    }
    for (const key of Object.keys(value).sort()) {
      if (!(key in def.shape) && value[key] !== undefined) out[key] = sortKeys(value[key]);
    }
    return out;
  }
  if (def.type === 'record' && def.valueType) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) if (value[key] !== undefined) out[key] = orderLike(value[key], def.valueType);
    return out;
  }
  return sortKeys(value);
}

/** A graph file's JSON value in the canonical key order. */
export function orderGraphFile(graph: unknown): unknown {
  return orderLike(graph, GraphFileSchema);
}
