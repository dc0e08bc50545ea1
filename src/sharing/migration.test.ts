import { afterEach, describe, expect, it } from 'vitest';
import { createRegistry } from '../../nodes';
import { GRAPH_FORMAT } from '../engine/format';
import { MIGRATIONS } from '../engine/migrations';
import { importGraphFile } from './import';

/**
 * The graph format is at version 1, the first published one, so no real older file
 * exists. These tests drive the migration path itself (MIGRATIONS in
 * src/engine/migrations.ts) with a migration registered for the test only: a
 * hypothetical version 0 that called the graph's name `title`.
 */
const registry = createRegistry();

const v0 = {
  format: GRAPH_FORMAT,
  version: 0,
  title: 'From the past',
  nodes: [{ id: 'data', type: 'data/toy2d', typeVersion: 1, params: { name: 'moons' } }],
  edges: [],
};

afterEach(() => {
  delete MIGRATIONS[0];
});

describe('format migrations', () => {
  it('without a migration step, an older version is refused with a message naming the versions', () => {
    const r = importGraphFile(JSON.stringify(v0), { registry });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toMatchObject([{ code: 'schema', path: ['version'], message: 'format version 0 is not one this app can migrate (it reads versions 1 to 1)' }]);
  });

  it('with MIGRATIONS[0] registered, a version-0 file is migrated, validated and reported as migrated', () => {
    MIGRATIONS[0] = ({ title, ...rest }) => ({ ...rest, name: title });
    const r = importGraphFile(JSON.stringify(v0), { registry });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.migratedFrom).toBe(0);
    expect(r.graph).toMatchObject({ version: 1, name: 'From the past', description: '', seed: 0, nodes: [{ id: 'data', position: { x: 0, y: 0 } }] });
  });

  it('a migration that produces an invalid file still gets every issue with its path', () => {
    MIGRATIONS[0] = (file) => ({ ...file, name: '' });
    const r = importGraphFile(JSON.stringify(v0), { registry });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path)).toEqual(expect.arrayContaining([['name'], ['title']]));
  });

  it('the table is left as it was', () => expect(Object.keys(MIGRATIONS)).toEqual([]));
});
