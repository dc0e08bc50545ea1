import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { sampleGraph, testStorage, unwrap } from './test-db';

/** A clock the test moves by hand, so dates and sorts are exact. */
function manualClock(start = 1_000) {
  let t = start;
  return { now: () => t, tick: (ms = 10) => (t += ms) };
}

describe('graph library', () => {
  it('creates a graph under a new id and reads it back unchanged', async () => {
    const s = testStorage();
    const file = sampleGraph('DDPM', 'a first try');
    const record = unwrap(await s.graphs.create(file));
    expect(record.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(record).toMatchObject({ name: 'DDPM', description: 'a first try' });
    expect(record.createdAt).toBe(record.updatedAt);
    const got = unwrap(await s.graphs.get(record.id));
    expect(got).toEqual(record);
    expect(got!.file).toEqual(file);
  });

  it('never overwrites: same name twice gives " (2)", then " (3)"; keepName opts out', async () => {
    const s = testStorage();
    const a = unwrap(await s.graphs.create(sampleGraph('Lab')));
    const b = unwrap(await s.graphs.create(sampleGraph('Lab')));
    const c = unwrap(await s.graphs.create(sampleGraph('lab')));
    expect([a.name, b.name, c.name]).toEqual(['Lab', 'Lab (2)', 'lab (3)']);
    expect(b.file.name).toBe('Lab (2)');
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
    expect(unwrap(await s.graphs.create(sampleGraph('Lab'), { keepName: true })).name).toBe('Lab');
    expect(unwrap(await s.graphs.list())).toHaveLength(4);
  });

  it('updates (autosave): file, name, description and updatedAt follow; createdAt stays', async () => {
    const clock = manualClock();
    const s = testStorage({ now: clock.now });
    const r = unwrap(await s.graphs.create(sampleGraph('v1')));
    clock.tick();
    const edited = { ...sampleGraph('v2', 'now with notes'), seed: 7 };
    const u = unwrap(await s.graphs.update(r.id, edited));
    expect(u).toMatchObject({ id: r.id, name: 'v2', description: 'now with notes', createdAt: 1_000, updatedAt: 1_010 });
    expect(unwrap(await s.graphs.get(r.id))!.file).toEqual(edited);
  });

  it('update of a missing graph is a not-found StorageError, not a throw', async () => {
    const s = testStorage();
    const r = await s.graphs.update('nope', sampleGraph());
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('not-found');
      expect(r.error.message).toMatch(/no graph with id 'nope'/);
    }
  });

  it('lists with search over name and description, sorted by date or name', async () => {
    const clock = manualClock();
    const s = testStorage({ now: clock.now });
    const ids: Record<string, string> = {};
    for (const [name, desc] of [['DDPM baseline', 'linear schedule'], ['SMLD', 'annealed Langevin on rings'], ['DDIM fast', 'fifty steps'], ['Notes', 'about DDPM variance']]) {
      ids[name] = unwrap(await s.graphs.create(sampleGraph(name, desc))).id;
      clock.tick();
    }
    unwrap(await s.graphs.update(ids['SMLD'], sampleGraph('SMLD', 'annealed Langevin on rings')));
    const names = async (q: Parameters<typeof s.graphs.list>[0]) => unwrap(await s.graphs.list(q)).map((g) => g.name);
    expect(await names({})).toEqual(['SMLD', 'Notes', 'DDIM fast', 'DDPM baseline']);
    expect(await names({ sort: 'updated-asc' })).toEqual(['DDPM baseline', 'DDIM fast', 'Notes', 'SMLD']);
    expect(await names({ sort: 'created-desc' })).toEqual(['Notes', 'DDIM fast', 'SMLD', 'DDPM baseline']);
    expect(await names({ sort: 'name-asc' })).toEqual(['DDIM fast', 'DDPM baseline', 'Notes', 'SMLD']);
    expect(await names({ search: 'ddpm' })).toEqual(['Notes', 'DDPM baseline']);
    expect(await names({ search: '  LANGEVIN rings ' })).toEqual(['SMLD']);
    expect(await names({ search: 'langevin fifty' })).toEqual([]);
    const [summary] = unwrap(await s.graphs.list({ search: 'fast' }));
    expect(summary).toEqual({ id: ids['DDIM fast'], name: 'DDIM fast', description: 'fifty steps', createdAt: 1_020, updatedAt: 1_020, nodeCount: 1 });
  });

  it('renames (file name follows) and refuses an empty or over-long name', async () => {
    const s = testStorage();
    const r = unwrap(await s.graphs.create(sampleGraph('old')));
    expect(unwrap(await s.graphs.rename(r.id, '  new   name ')).file.name).toBe('new name');
    for (const bad of ['   ', 'x'.repeat(201)]) {
      const res = await s.graphs.rename(r.id, bad);
      expect(res.ok || res.error.kind).toBe('invalid');
    }
    expect(unwrap(await s.graphs.get(r.id))!.name).toBe('new name');
  });

  it('duplicates under a new id and a unique name, leaving the original as it was', async () => {
    const s = testStorage();
    const r = unwrap(await s.graphs.create(sampleGraph('Base', 'd')));
    const copy = unwrap(await s.graphs.duplicate(r.id));
    expect(copy.id).not.toBe(r.id);
    expect(copy.name).toBe('Base (2)');
    expect({ ...copy.file, name: 'Base' }).toEqual(r.file);
    expect(unwrap(await s.graphs.get(r.id))).toEqual(r);
    expect((await s.graphs.duplicate('missing')).ok).toBe(false);
  });

  it('deletes to the trash, undoes by restore, purges for good', async () => {
    const clock = manualClock();
    const s = testStorage({ now: clock.now });
    const keep = unwrap(await s.graphs.create(sampleGraph('keep')));
    const r = unwrap(await s.graphs.create(sampleGraph('gone', 'soon')));
    clock.tick();
    const deleted = unwrap(await s.graphs.remove(r.id));
    expect(deleted.deletedAt).toBe(1_010);
    expect(unwrap(await s.graphs.list()).map((g) => g.id)).toEqual([keep.id]);
    expect(unwrap(await s.graphs.get(r.id))).toBeUndefined();
    expect(unwrap(await s.graphs.get(r.id, { includeDeleted: true }))!.deletedAt).toBe(1_010);
    expect(unwrap(await s.graphs.listDeleted()).map((g) => g.id)).toEqual([r.id]);
    // A graph in the trash cannot be autosaved into by accident.
    expect((await s.graphs.update(r.id, sampleGraph('x'))).ok).toBe(false);

    const restored = unwrap(await s.graphs.restore(r.id));
    expect(restored).toEqual(r);
    expect(unwrap(await s.graphs.get(r.id))).toEqual(r);

    unwrap(await s.graphs.remove(r.id));
    clock.tick();
    unwrap(await s.graphs.remove(keep.id));
    expect(unwrap(await s.graphs.purgeDeleted(1_015))).toBe(1);
    expect(unwrap(await s.graphs.listDeleted()).map((g) => g.id)).toEqual([keep.id]);
    unwrap(await s.graphs.purge(keep.id));
    expect(unwrap(await s.graphs.get(keep.id, { includeDeleted: true }))).toBeUndefined();
    expect((await s.graphs.restore(keep.id)).ok).toBe(false);
  });

  it('counts names in the trash as taken, so a restore never collides', async () => {
    const s = testStorage();
    const a = unwrap(await s.graphs.create(sampleGraph('Same')));
    unwrap(await s.graphs.remove(a.id));
    expect(unwrap(await s.graphs.create(sampleGraph('Same'))).name).toBe('Same (2)');
  });
});
