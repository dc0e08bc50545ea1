import 'fake-indexeddb/auto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../nodes';
import { formatPath } from '../engine/errors';
import { GRAPH_FORMAT, LIMITS } from '../engine/format';
import { importFileToLibrary } from '../storage/library-io';
import type { LabStorage } from '../storage/storage';
import { sampleGraph, snapshot, testStorage, unwrap } from '../storage/test-db';
import { importGraphFile } from './import';

/**
 * The bad-file corpus (__fixtures__/bad, expectations in __fixtures__/bad-cases.json):
 * each file gives its documented issues with their JSON paths, and importing it into a
 * library changes nothing stored.
 */
interface Case {
  file: string;
  note: string;
  expect: { code: string; path: string }[];
}

const dir = path.join(path.dirname(new URL(import.meta.url).pathname), '__fixtures__');
const { cases } = JSON.parse(readFileSync(path.join(dir, 'bad-cases.json'), 'utf8')) as { cases: Case[] };
const registry = createRegistry();

let storage: LabStorage;
beforeAll(async () => {
  storage = testStorage();
  const stored = unwrap(await storage.graphs.create(sampleGraph('Eight Gaussians')));
  unwrap(await storage.weights.put('0123456789abcd', { tensors: { w: { shape: [2], data: new Float32Array([1, 2]) } }, config: {} }));
  unwrap(await storage.settings.set('lastGraphId', stored.id));
});

describe('bad graph files', () => {
  it('every file in the corpus has an expectation, and every expectation a file', () => {
    expect(readdirSync(path.join(dir, 'bad')).sort()).toEqual(cases.map((c) => c.file).sort());
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  for (const c of cases) {
    it(`${c.file}: ${c.note}`, async () => {
      const text = readFileSync(path.join(dir, 'bad', c.file), 'utf8');
      const result = importGraphFile(text, { registry });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const found = result.issues.map((i) => ({ code: i.code, path: formatPath(i.path) }));
      for (const e of c.expect) expect(found).toContainEqual(e);
      for (const i of result.issues) expect(i.message.length).toBeGreaterThan(10);

      const before = await snapshot(storage);
      const stored = await importFileToLibrary(storage, text, { registry });
      expect(stored.ok).toBe(false);
      expect('issues' in stored && stored.issues).toEqual(result.issues);
      expect(await snapshot(storage)).toEqual(before);
    });
  }

  it('a file over the size limit is refused before it is parsed', async () => {
    const text = JSON.stringify({ format: GRAPH_FORMAT, version: 1, name: 'big', nodes: [], edges: [], description: 'x'.repeat(LIMITS.fileBytes) });
    const r = importGraphFile(text, { registry });
    expect(r.ok || r.issues[0]).toMatchObject({ code: 'too-large', path: [] });
  });

  it('params over their byte limit are refused with the path of the params', () => {
    const values = Array.from({ length: 200 }, () => Array.from({ length: 1000 }, () => 0.123456));
    const text = JSON.stringify({ format: GRAPH_FORMAT, version: 1, name: 'big params', nodes: [{ id: 't', type: 'data/tensor', typeVersion: 1, params: { values } }], edges: [] });
    const r = importGraphFile(text, { registry });
    expect(r.ok || r.issues.map((i) => ({ code: i.code, path: formatPath(i.path) }))).toContainEqual({ code: 'schema', path: '$.nodes[0].params' });
  });

  it('the newer-version message tells the user what to do', () => {
    const r = importGraphFile(readFileSync(path.join(dir, 'bad', 'newer-version.json'), 'utf8'), { registry });
    expect(r.ok || r.issues[0].message).toMatch(/format version 2, newer than this app reads \(1\); update the app/);
  });
});
