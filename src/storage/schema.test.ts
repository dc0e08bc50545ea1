import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createDb, DB_VERSION } from './db';
import { openStorage } from './storage';
import { sampleGraph, uniqueDbName, unwrap } from './test-db';

describe('schema upgrade', () => {
  it('is at version 2 and declares every older version', () => {
    expect(DB_VERSION).toBe(2);
    expect(createDb({ name: uniqueDbName() }).verno).toBe(2);
  });

  it('upgrades a version-1 database to version 2, keeping every record', async () => {
    const name = uniqueDbName();
    // What the app as of schema version 1 wrote: no description column, no byteSize.
    const v1 = createDb({ name, version: 1 });
    const file = sampleGraph('Old graph', 'described only inside the file');
    const w = new Float32Array([1.5, -2.25, 3e-39, Number.NaN]);
    await v1.table('graphs').add({ id: 'g1', name: 'Old graph', createdAt: 100, updatedAt: 200, file });
    await v1.table('graphs').add({ id: 'g2', name: 'No description', createdAt: 300, updatedAt: 400, file: { ...sampleGraph('No description'), description: undefined } });
    await v1.table('weights').add({ key: 'k1', tensors: { w: { shape: [2, 2], data: w }, b: { shape: [3], data: new Float32Array(3) } }, config: { hidden: 2 }, createdAt: 5 });
    await v1.table('settings').add({ key: 'lastGraphId', value: 'g1' });
    expect(v1.verno).toBe(1);
    v1.close();

    const s = openStorage({ name });
    unwrap(await s.ready());
    expect(s.db.verno).toBe(2);
    const g1 = unwrap(await s.graphs.get('g1'))!;
    expect(g1).toEqual({ id: 'g1', name: 'Old graph', description: 'described only inside the file', createdAt: 100, updatedAt: 200, file });
    expect(unwrap(await s.graphs.get('g2'))!.description).toBe('');
    // The new createdAt index answers queries.
    expect(await s.db.graphs.orderBy('createdAt').primaryKeys()).toEqual(['g1', 'g2']);
    const weights = unwrap(await s.weights.get('k1'))!;
    expect(weights.byteSize).toBe(4 * 4 + 3 * 4);
    expect(new Uint32Array(weights.tensors.w.data.buffer)).toEqual(new Uint32Array(w.buffer));
    expect(weights.config).toEqual({ hidden: 2 });
    expect(unwrap(await s.weights.size())).toEqual({ count: 1, bytes: 28 });
    expect(unwrap(await s.settings.get('lastGraphId'))).toBe('g1');
    // Search reads the upgraded description column.
    expect(unwrap(await s.graphs.list({ search: 'inside the file' })).map((g) => g.id)).toEqual(['g1']);
    s.close();
  });
});
