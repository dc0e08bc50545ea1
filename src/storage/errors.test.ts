import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { toStorageError } from './errors';
import { openStorage } from './storage';
import { sampleGraph, snapshot, testStorage, uniqueDbName, unwrap } from './test-db';

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('storage failures', () => {
  it('maps a QuotaExceededError from a table put to a quota StorageError; the caller gets a result, not a throw', async () => {
    const s = testStorage();
    unwrap(await s.weights.put('ok', { tensors: { w: { shape: [1], data: new Float32Array(1) } }, config: {} }));
    const before = await snapshot(s);
    const put = vi.spyOn(s.db.weights, 'put').mockImplementation(() => {
      throw quota();
    });
    const r = await s.weights.put('big', { tensors: { w: { shape: [4], data: new Float32Array(4) } }, config: {} });
    expect(put).toHaveBeenCalledOnce();
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.name).toBe('StorageError');
      expect(r.error.kind).toBe('quota');
      expect(r.error.message).toMatch(/^Could not save trained weights: the browser's storage for this site is full/);
      expect((r.error.cause as DOMException).name).toBe('QuotaExceededError');
    }
    put.mockRestore();
    expect(await snapshot(s)).toEqual(before);
  });

  it('maps a quota failure inside a transaction (graph save) the same way, leaving nothing half-written', async () => {
    const s = testStorage();
    const r0 = unwrap(await s.graphs.create(sampleGraph('a')));
    const before = await snapshot(s);
    const put = vi.spyOn(s.db.graphs, 'put').mockImplementation((() => Promise.reject(quota())) as never);
    const r = await s.graphs.update(r0.id, sampleGraph('b'));
    expect(r.ok || r.error.kind).toBe('quota');
    put.mockRestore();
    expect(await snapshot(s)).toEqual(before);
  });

  it('reads Dexie-wrapped causes: AbortError whose inner error is the quota', () => {
    const wrapped = Object.assign(new Error('Transaction aborted'), { name: 'AbortError', inner: quota() });
    expect(toStorageError(wrapped, 'save').kind).toBe('quota');
    expect(toStorageError(Object.assign(new Error('x'), { name: 'VersionError' }), 'open').kind).toBe('version');
    expect(toStorageError(new TypeError('boom'), 'save the graph').message).toBe('Could not save the graph: boom');
  });

  it('without IndexedDB (private mode, storage disabled) every call answers "unavailable" and nothing throws', async () => {
    const s = openStorage({ name: uniqueDbName(), indexedDB: null });
    const ready = await s.ready();
    expect(ready.ok || ready.error.kind).toBe('unavailable');
    if (!ready.ok) expect(ready.error.message).toMatch(/does not allow saving here/);
    for (const r of [await s.graphs.create(sampleGraph()), await s.graphs.list(), await s.weights.size(), await s.settings.get('lastGraphId')]) {
      expect(r.ok || r.error.kind).toBe('unavailable');
    }
  });

  it('an IndexedDB that refuses to open (SecurityError) is "unavailable" too', async () => {
    const refusing = { open: () => { throw new DOMException('access denied', 'SecurityError'); }, deleteDatabase: () => { throw new DOMException('access denied', 'SecurityError'); }, cmp: () => 0 } as unknown as IDBFactory;
    const s = openStorage({ name: uniqueDbName(), indexedDB: refusing, IDBKeyRange });
    const r = await s.graphs.list();
    expect(r.ok || r.error.kind).toBe('unavailable');
  });
});
