import { z } from 'zod';
import type { AnyNodeDef } from '../engine/node';
import { NodeRegistry } from '../engine/registry';
import type { JsonSchema, NodeManifest, NodeTypeEntry } from './types';

/**
 * The page's node types, read from the manifest: ports, docs and a zod schema rebuilt
 * from the params' JSON Schema (z.fromJSONSchema), so validation, the inspector's field
 * errors, defaults and cache keys work as with the definitions themselves (the
 * manifest's tests hold every node type's rebuilt schema to its own on many values).
 * The schema is rebuilt when something first reads `params` (a node of the type is
 * validated, added or inspected), not at start: rebuilding all ~70 took ~230 ms of the
 * page's start on the shared 2-core machine. They describe; only the worker runs: their
 * `run` refuses.
 */
export function pageNodeDef(entry: NodeTypeEntry, migrate?: AnyNodeDef['migrate']): AnyNodeDef {
  const def = {
    ...(entry.extra ?? {}),
    type: entry.type,
    version: entry.version,
    title: entry.title,
    category: entry.category,
    inputs: entry.inputs,
    outputs: entry.outputs,
    docs: entry.docs,
    ...(entry.mainParams ? { mainParams: entry.mainParams } : {}),
    ...(entry.body ? { body: entry.body } : {}),
    ...(entry.passive ? { passive: true } : {}),
    ...(migrate ? { migrate } : {}),
    run: () => {
      throw new Error(`node type '${entry.type}' runs in the engine worker, not in the page`);
    },
  } as Omit<AnyNodeDef, 'params'> as AnyNodeDef;
  let params: z.ZodType | undefined;
  Object.defineProperty(def, 'params', { enumerable: true, get: () => (params ??= paramsFromJsonSchema(entry)) });
  manifestSchemas.set(def, entry.params);
  return def;
}

const manifestSchemas = new WeakMap<AnyNodeDef, JsonSchema>();

/**
 * The params' JSON Schema (input side: fields with defaults optional): the manifest's own
 * for a page definition (a schema rebuilt by z.fromJSONSchema may write some types, e.g.
 * a numeric enum, differently), else written from the zod schema.
 */
export function paramsJsonSchema(def: AnyNodeDef): JsonSchema {
  return manifestSchemas.get(def) ?? (z.toJSONSchema(def.params, { io: 'input', unrepresentable: 'any' }) as JsonSchema);
}

/**
 * zod rebuilt from the JSON Schema. A zod object without `.strict()` strips unknown keys,
 * while a JSON Schema without `additionalProperties` lets them through: strip them here
 * too, so parsed params (and so cache keys) agree with the worker's.
 */
export function paramsFromJsonSchema(entry: Pick<NodeTypeEntry, 'type' | 'params'>): z.ZodType {
  let schema: z.ZodType;
  try {
    schema = z.fromJSONSchema(entry.params as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (e) {
    throw new Error(`node manifest: the params schema of '${entry.type}' cannot be read (${(e as Error).message})`, { cause: e });
  }
  if (!(schema instanceof z.ZodObject)) return schema;
  const literals = literalEnums(entry.params);
  if (Object.keys(literals).length) schema = schema.extend(literals);
  return 'additionalProperties' in entry.params ? schema : (schema as z.ZodObject).strip();
}

/**
 * z.fromJSONSchema reads a non-string `enum` (e.g. `z.literal([28, 14])`) as a union of
 * literals, whose error is a bare "Invalid input": rebuild those as the one multi-value
 * literal zod wrote them from, so the inspector's messages match the worker's.
 */
function literalEnums(schema: JsonSchema): Record<string, z.ZodType> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const out: Record<string, z.ZodType> = {};
  for (const [key, prop] of Object.entries(properties)) {
    const values = prop.enum as unknown[] | undefined;
    if (!values?.length || values.every((v) => typeof v === 'string') || !values.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) continue;
    let field: z.ZodType = z.literal(values as (string | number | boolean)[]);
    if (typeof prop.description === 'string') field = field.describe(prop.description);
    if ('default' in prop) field = field.default(prop.default as never);
    else if (!required.has(key)) field = field.optional();
    out[key] = field;
  }
  return out;
}

/** The registry the page reads ports, params and docs from; `migrations` as the manifest module exports them. */
export function pageRegistry(manifest: NodeManifest, migrations: Record<string, NonNullable<AnyNodeDef['migrate']>> = {}): NodeRegistry {
  return new NodeRegistry(
    manifest.nodes.map((entry) => {
      if (entry.migrates && !migrations[entry.type]) throw new Error(`node manifest: '${entry.type}' migrates its params, but no migration came with the manifest`);
      return pageNodeDef(entry, migrations[entry.type]);
    }),
  );
}
