import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { constant, testRegistry } from '../engine/__fixtures__/test-nodes';
import { parseGraphFile } from '../engine/load';
import { validateGraph } from '../engine/validate';
import { buildManifest } from './build';
import { manifestModuleSource, migrationFile } from './module-source';
import { pageRegistry } from './page-defs';

const root = mkdtempSync(path.join(tmpdir(), 'manifest-module-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const defs = testRegistry().all();
const json = JSON.stringify(buildManifest(defs));

describe('the manifest module', () => {
  it("imports each migrating type's migration file and exports the manifest", () => {
    mkdirSync(path.join(root, 'nodes', 'test'), { recursive: true });
    writeFileSync(migrationFile(root, 'test/constant'), 'export default (p) => p;\n');
    const source = manifestModuleSource(json, root);
    const file = path.join(root, 'nodes', 'test', 'constant.migrate.ts').split(path.sep).join('/');
    expect(source).toContain(`import migrate0 from ${JSON.stringify(file)};`);
    expect(source).toContain('"test/constant": migrate0,');
    expect(source.match(/^import /gm)).toHaveLength(defs.filter((d) => d.migrate).length);
    const exported = source.slice(source.indexOf('export default JSON.parse(') + 'export default JSON.parse('.length, -2);
    expect(JSON.parse(JSON.parse(exported) as string)).toEqual(JSON.parse(json));
  });

  it('refuses a migrating type without its migration file, saying where to put it', () => {
    rmSync(migrationFile(root, 'test/constant'));
    expect(() => manifestModuleSource(json, root)).toThrow(/'test\/constant' migrates its params, but nodes\/test\/constant\.migrate\.ts does not exist/);
  });

  it('lets the page upgrade params saved by an older version exactly as the worker does', () => {
    const manifest = JSON.parse(json) as ReturnType<typeof buildManifest>;
    expect(() => pageRegistry(manifest)).toThrow(/'test\/constant' migrates its params, but no migration came/);
    const page = pageRegistry(manifest, { 'test/constant': constant.migrate! });
    const file = { format: 'diffusion-graph-lab/graph', version: 1, name: 'old', seed: 0, nodes: [{ id: 'c', type: 'test/constant', typeVersion: 1, params: { v: 5, n: 2 } }], edges: [] };
    const inPage = parseGraphFile(JSON.stringify(file), page);
    const inWorker = parseGraphFile(JSON.stringify(file), testRegistry());
    expect(inPage.issues).toEqual([]);
    expect(inPage).toEqual(inWorker);
    // v (version 1) became value (version 2): the migration ran, not just the defaults.
    expect(validateGraph(inPage.graph!, page).nodes.get('c')!.params).toEqual({ value: 5, n: 2 });
  });
});
