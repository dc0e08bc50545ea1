import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ParamsMigration } from '../src/engine/migrations';
import type { AnyNodeDef } from '../src/engine/node';
import { allNodeDefs } from './index';

/**
 * The node contract, checked on every registered node type (not a hand-kept list): a node type
 * that skips a rule fails here by itself. Runs of schedules and samplers: contract-run.test.ts.
 */

/** Every node module under nodes/<category>/<name>.ts, by path. */
const modules = import.meta.glob<{ default?: unknown }>(['./*/*.ts', '!./*/*.test.ts', '!./*/index.ts', '!./lib/**'], { eager: true });
const isNodeDef = (v: unknown): v is AnyNodeDef => typeof v === 'object' && v !== null && typeof (v as AnyNodeDef).type === 'string' && typeof (v as AnyNodeDef).run === 'function';

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; items?: JsonSchema; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; [k: string]: unknown };

/** Paths of numbers without both bounds, strings without maxLength and arrays without maxItems in a params schema. */
function unbounded(schema: JsonSchema, path = 'params'): string[] {
  const out: string[] = [];
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if ((types.includes('number') || types.includes('integer')) && !('enum' in schema) && !('const' in schema)) {
    if (!('minimum' in schema || 'exclusiveMinimum' in schema) || !('maximum' in schema || 'exclusiveMaximum' in schema)) out.push(`${path}: number without both bounds`);
  }
  if (types.includes('string') && !('enum' in schema) && !('const' in schema) && !('maxLength' in schema)) out.push(`${path}: string without maxLength`);
  if (types.includes('array') && !('maxItems' in schema) && !('prefixItems' in schema && !schema.items)) out.push(`${path}: array without maxItems`);
  for (const [k, s] of Object.entries(schema.properties ?? {})) out.push(...unbounded(s, `${path}.${k}`));
  if (schema.items && typeof schema.items === 'object') out.push(...unbounded(schema.items, `${path}[]`));
  for (const s of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) out.push(...unbounded(s, path));
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') out.push(...unbounded(schema.additionalProperties as JsonSchema, `${path}{}`));
  return out;
}

/** Categories whose nodes only show, document or wire values: no equation of their own is asked of them. */
const NO_MATH = new Set(['view', 'note', 'loop']);

describe('node contract (every registered node type)', () => {
  it('each node file defines the type its path names, and each registered type has such a file', () => {
    const fromFiles = new Map<string, string>();
    for (const [path, mod] of Object.entries(modules)) {
      if (!isNodeDef(mod.default)) continue;
      // nodes/<category>/<name>.ts defines '<category>/<name>'; a bare type 'note' lives at nodes/note/note.ts.
      const [dir, name] = path.replace(/^\.\//, '').replace(/\.ts$/, '').split('/');
      const expected = dir === name ? name : `${dir}/${name}`;
      expect(mod.default.type, path).toBe(expected);
      fromFiles.set(mod.default.type, path);
    }
    const missing = allNodeDefs.filter((d) => fromFiles.get(d.type) === undefined).map((d) => d.type);
    expect(missing, 'registered types without nodes/<category>/<name>.ts').toEqual([]);
    for (const def of allNodeDefs) expect(def.type.split('/')[0], def.type).toBe(def.category);
  });

  it.each(allNodeDefs.map((d) => [d.type, d] as const))('%s: defaults parse, params bounded, version, docs, capabilities', (type, def) => {
    expect(def.params.safeParse({}).success, `${type}: its params' defaults must parse`).toBe(true);
    expect(unbounded(z.toJSONSchema(def.params, { io: 'input', unrepresentable: 'any' }) as JsonSchema), `${type}: every param bounded`).toEqual([]);
    expect(Number.isInteger(def.version) && def.version >= 1, `${type}: version`).toBe(true);
    if (def.version > 1) expect(typeof def.migrate, `${type}: version ${def.version} needs a migration from older versions`).toBe('function');
    const steps = (def.migrate as Partial<ParamsMigration> | undefined)?.steps;
    if (steps) expect(steps.map((s) => s.from), `${type}: one named migration step per older version`).toEqual(Array.from({ length: def.version - 1 }, (_, k) => k + 1));
    expect(def.docs.summary.trim().length, `${type}: docs.summary`).toBeGreaterThan(10);
    if (!NO_MATH.has(def.category) && !def.passive) {
      expect(def.docs.equation?.trim(), `${type}: docs.equation`).toBeTruthy();
      expect(def.docs.reference?.trim(), `${type}: docs.reference`).toBeTruthy();
    }
    if (def.category === 'schedule') expect(def.schedule, `${type}: a schedule declares its capabilities (family, path, sigmaGrid)`).toBeDefined();
    if (def.category === 'sampler') expect(def.sampler, `${type}: a sampler declares its capabilities (schedule, stochastic, expand)`).toBeDefined();
  });
});
