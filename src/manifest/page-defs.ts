import { z } from 'zod';
import type { AnyNodeDef } from '../engine/node';
import { NodeRegistry } from '../engine/registry';
import type { NodeManifest, NodeTypeEntry } from './types';

/**
 * The page's node types, read from the manifest: ports, docs and a zod schema rebuilt
 * from the params' JSON Schema (z.fromJSONSchema), so validation, the inspector's field
 * errors, defaults and cache keys work as with the definitions themselves (the
 * manifest's tests hold every node type's rebuilt schema to its own on many values).
 * They describe; only the worker runs: their `run` refuses.
 */
export function pageNodeDef(entry: NodeTypeEntry): AnyNodeDef {
  return {
    ...(entry.extra ?? {}),
    type: entry.type,
    version: entry.version,
    title: entry.title,
    category: entry.category,
    inputs: entry.inputs,
    outputs: entry.outputs,
    params: paramsFromJsonSchema(entry),
    docs: entry.docs,
    ...(entry.mainParams ? { mainParams: entry.mainParams } : {}),
    ...(entry.body ? { body: entry.body } : {}),
    ...(entry.passive ? { passive: true } : {}),
    run: () => {
      throw new Error(`node type '${entry.type}' runs in the engine worker, not in the page`);
    },
  };
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
  if (schema instanceof z.ZodObject && !('additionalProperties' in entry.params)) return schema.strip();
  return schema;
}

/** The registry the page reads ports, params and docs from. */
export function pageRegistry(manifest: NodeManifest): NodeRegistry {
  return new NodeRegistry(manifest.nodes.map(pageNodeDef));
}
