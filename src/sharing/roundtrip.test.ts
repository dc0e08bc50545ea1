import 'fake-indexeddb/auto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../nodes';
import { parseGraphFile } from '../engine/load';
import { importFileToLibrary } from '../storage/library-io';
import { testStorage, unwrap } from '../storage/test-db';
import { exportGraphFile } from './export';
import { importGraphFile } from './import';
import { decodeShareLink, encodeShareLink } from './share-link';

/** Every graph file under graphs/ (examples and lessons), recursively. */
function graphFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return graphFiles(full);
    return name.endsWith('.json') ? [full] : [];
  });
}

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../graphs');
const files = graphFiles(root);
const registry = createRegistry();

describe('round trip of the example graphs', () => {
  it('finds the examples', () => expect(files.length).toBeGreaterThanOrEqual(6));

  for (const file of files) {
    const name = path.relative(root, file);
    it(`${name}: export → import gives the same graph; export is idempotent; link and library too`, async () => {
      const original = parseGraphFile(readFileSync(file, 'utf8'), registry);
      expect(original.issues).toEqual([]);
      const graph = original.graph!;

      const text = exportGraphFile(graph);
      const back = importGraphFile(text, { registry });
      expect(back.ok && back.warnings).toEqual([]);
      if (!back.ok) return;
      expect(back.graph).toEqual(graph);
      expect(exportGraphFile(back.graph)).toBe(text);

      const link = await encodeShareLink(graph);
      expect(link.ok).toBe(true);
      if (!link.ok) return;
      const opened = await decodeShareLink(`https://lab.example/#${link.hash.slice(1)}`, { registry });
      expect(opened.ok && opened.graph).toEqual(graph);

      // Stored as a new graph: the same file apart from a name made unique.
      const storage = testStorage();
      const first = await importFileToLibrary(storage, text, { registry });
      const second = await importFileToLibrary(storage, text, { registry });
      if (!first.ok || !second.ok) throw new Error('import failed');
      expect(first.record.file).toEqual(graph);
      expect(second.record.id).not.toBe(first.record.id);
      expect(second.record.file).toEqual({ ...graph, name: `${graph.name} (2)` });
      expect(unwrap(await storage.graphs.list())).toHaveLength(2);
    });
  }
});
