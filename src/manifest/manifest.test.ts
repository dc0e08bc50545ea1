import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allNodeDefs, createRegistry } from '../../nodes';
import { checkParam, initialParams, paramFields } from '../editor/graph/param-fields';
import { parseGraphFile } from '../engine/load';
import { graphCacheKeys } from '../sharing/cache-keys';
import type { AnyNodeDef } from '../engine/node';
import { buildManifest } from './build';
import { migrationFile } from './module-source';
import { pageRegistry, paramsFromJsonSchema } from './page-defs';
import { paramCases } from './param-cases';

/** The manifest as the page gets it: through JSON, with the migrations its module imports. */
const manifest = JSON.parse(JSON.stringify(buildManifest(allNodeDefs))) as ReturnType<typeof buildManifest>;
const root = path.resolve(import.meta.dirname, '../..');
const migrations = Object.fromEntries(
  await Promise.all(manifest.nodes.filter((n) => n.migrates).map(async (n) => [n.type, ((await import(migrationFile(root, n.type))) as { default: NonNullable<AnyNodeDef['migrate']> }).default] as const)),
);
const full = createRegistry();
const page = pageRegistry(manifest, migrations);

function verdict(result: { success: boolean; data?: unknown; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return result.success ? { ok: true, data: result.data } : { ok: false, issues: [...new Set(result.error!.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`))].sort() };
}

describe('node manifest', () => {
  it('lists every registered node type with its ports, docs and defaults, as plain JSON', () => {
    expect(manifest.nodes.map((n) => n.type)).toEqual(allNodeDefs.map((d) => d.type));
    for (const def of allNodeDefs) {
      const entry = manifest.nodes.find((n) => n.type === def.type)!;
      expect(entry.version).toBe(def.version);
      expect(Object.keys(entry.inputs)).toEqual(Object.keys(def.inputs));
      expect(Object.keys(entry.outputs)).toEqual(Object.keys(def.outputs));
      expect(entry.docs.summary).toBe(def.docs.summary);
      expect(entry.defaults).toEqual(def.params.parse({}));
      // A migrating type's migration is the very function of its migration file, so the page runs the worker's code.
      expect(migrations[def.type], def.type).toBe(def.migrate);
    }
  });

  it("gives every node type's params the same verdicts and parsed values as its zod schema", () => {
    let checked = 0;
    for (const def of allNodeDefs) {
      const entry = manifest.nodes.find((n) => n.type === def.type)!;
      const rebuilt = paramsFromJsonSchema(entry);
      for (const value of paramCases(entry.params, entry.defaults)) {
        const want = verdict(def.params.safeParse(structuredClone(value)));
        const got = verdict(rebuilt.safeParse(structuredClone(value)));
        expect({ type: def.type, value, ...got }).toEqual({ type: def.type, value, ...want });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(allNodeDefs.length * 20);
  });

  it('validates every example and lesson graph as the full registry does, with the same cache keys', () => {
    const files = graphFiles(path.resolve(import.meta.dirname, '../../graphs'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const a = parseGraphFile(text, full);
      const b = parseGraphFile(text, page);
      expect(b.issues, file).toEqual(a.issues);
      expect(b.graph, file).toEqual(a.graph);
      expect([...graphCacheKeys(b.graph!, page)], file).toEqual([...graphCacheKeys(a.graph!, full)]);
    }
  });

  it("gives the inspector the same fields, defaults and field errors from the manifest as from the definitions", () => {
    for (const def of allNodeDefs) {
      const pageDef = page.get(def.type)!;
      expect(paramFields(pageDef), def.type).toEqual(paramFields(def));
      expect(initialParams(pageDef), def.type).toEqual(initialParams(def));
      const params = initialParams(def);
      for (const field of paramFields(def)) {
        for (const value of [undefined, -1e12, 1e12, 0.5, 'x', null]) {
          expect(checkParam(pageDef, params, field.key, value), `${def.type}.${field.key} = ${String(value)}`).toEqual(checkParam(def, params, field.key, value));
        }
      }
    }
  });

  it("refuses to run a node in the page, naming the type", async () => {
    await expect(async () => page.get('noise/normal')!.run({}, {}, {} as never)).rejects.toThrow(/'noise\/normal' runs in the engine worker/);
  });
});

function graphFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return graphFiles(p);
    return name.endsWith('.json') ? [p] : [];
  });
}
