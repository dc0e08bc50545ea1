import { describe, expect, it } from 'vitest';
import { testRegistry } from '../engine/__fixtures__/test-nodes';
import { buildManifest } from './build';
import { pageNodeDef, pageRegistry } from './page-defs';
import type { NodeTypeEntry } from './types';

const manifest = JSON.parse(JSON.stringify(buildManifest(testRegistry().all()))) as ReturnType<typeof buildManifest>;
const entry = manifest.nodes.find((n) => !n.migrates)!;

describe('page node definitions', () => {
  it("rebuild a type's params schema when it is first read, once", () => {
    // A schema z.fromJSONSchema cannot read: the page starts anyway, and the first reader learns which type.
    const broken: NodeTypeEntry = { ...entry, type: 'test/broken', params: { type: 'object', properties: { a: { $ref: '#/nowhere' } } } };
    const def = pageNodeDef(broken);
    expect(def.type).toBe('test/broken');
    expect(() => def.params).toThrow(/params schema of 'test\/broken' cannot be read/);

    const good = pageNodeDef(entry);
    const params = good.params;
    expect(good.params).toBe(params);
    expect(params.parse({})).toEqual(entry.defaults);
  });

  it('build a registry of every type without reading any params schema', () => {
    const unreadable = { ...manifest, nodes: manifest.nodes.map((n) => (n.migrates ? n : { ...n, params: { $ref: '#/nowhere' } })) };
    const migrations = Object.fromEntries(manifest.nodes.filter((n) => n.migrates).map((n) => [n.type, (p: unknown) => p as Record<string, unknown>]));
    const page = pageRegistry(unreadable, migrations);
    expect(page.all().map((d) => d.type)).toEqual(manifest.nodes.map((n) => n.type));
    expect(() => page.get(entry.type)!.params).toThrow(/cannot be read/);
  });
});
