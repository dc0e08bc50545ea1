import type { AnyNodeDef } from '../../engine/node';
import { paramsJsonSchema } from '../../manifest/page-defs';
import { plainIssue, type SchemaIssue } from '../../engine/zod-messages';

/** One param as the form sees it, read from the zod schema's JSON Schema. */
export interface ParamField {
  key: string;
  kind: 'number' | 'integer' | 'enum' | 'boolean' | 'text' | 'markdown' | 'json';
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  options?: readonly (string | number)[];
  maxLength?: number;
  optional: boolean;
}

interface JsonProp {
  type?: string | string[];
  enum?: (string | number)[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  maxLength?: number;
}

const cache = new WeakMap<AnyNodeDef, ParamField[]>();

/** The form fields of a node type, from its params' JSON Schema (the node manifest's; cached per type). */
export function paramFields(def: AnyNodeDef): ParamField[] {
  let fields = cache.get(def);
  if (!fields) {
    fields = readFields(def);
    cache.set(def, fields);
  }
  return fields;
}

function readFields(def: AnyNodeDef): ParamField[] {
  let schema: { properties?: Record<string, JsonProp>; required?: string[] };
  try {
    schema = paramsJsonSchema(def) as typeof schema;
  } catch {
    return [];
  }
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([key, p]) => ({
    key,
    kind: kindOf(def, key, p),
    description: p.description,
    default: p.default,
    minimum: p.minimum ?? p.exclusiveMinimum,
    maximum: p.maximum ?? p.exclusiveMaximum,
    options: p.enum,
    maxLength: p.maxLength,
    optional: !required.has(key) && p.default === undefined,
  }));
}

function kindOf(def: AnyNodeDef, key: string, p: JsonProp): ParamField['kind'] {
  if (p.enum) return 'enum';
  const type = Array.isArray(p.type) ? p.type.find((t) => t !== 'null') : p.type;
  if (type === 'integer' || type === 'number' || type === 'boolean') return type;
  if (type === 'string') return def.category === 'note' || (p.maxLength ?? 0) > 500 || key === 'text' ? 'markdown' : 'text';
  return 'json';
}

/** Params with every default filled in (what the node will run with when valid). */
export function withDefaults(def: AnyNodeDef, params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of paramFields(def)) if (f.default !== undefined) out[f.key] = f.default;
  return { ...out, ...params };
}

/** The params a new node starts with: all defaults, written out so files are explicit. */
export function initialParams(def: AnyNodeDef): Record<string, unknown> {
  const parsed = def.params.safeParse({});
  return parsed.success && parsed.data && typeof parsed.data === 'object' ? structuredClone(parsed.data as Record<string, unknown>) : withDefaults(def, {});
}

/**
 * Check one param change against the whole schema: the messages that concern this key
 * (or the object as a whole), empty when the change may be applied.
 */
export function checkParam(def: AnyNodeDef, params: Record<string, unknown>, key: string, value: unknown): string[] {
  const next = { ...params };
  if (value === undefined) delete next[key];
  else next[key] = value;
  const parsed = def.params.safeParse(next);
  if (parsed.success) return [];
  return parsed.error.issues.filter((i) => i.path.length === 0 || i.path[0] === key).map((i) => (i.path.length ? plainIssue(key, i as SchemaIssue, value) : i.message));
}
