import 'fake-indexeddb/auto';
import { liveQuery } from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { createAutosaver } from './autosave';
import type { StorageError } from './errors';
import { openLastGraph, rememberOpenGraph } from './session';
import { sampleGraph, testStorage, unwrap } from './test-db';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('autosave', () => {
  it('coalesces a burst of edits into one write of the last one', async () => {
    const s = testStorage();
    const r = unwrap(await s.graphs.create(sampleGraph('v0')));
    const update = vi.spyOn(s.graphs, 'update');
    const saver = createAutosaver(s, { delayMs: 30, maxWaitMs: 1000 });
    for (let i = 1; i <= 5; i++) saver.schedule(r.id, sampleGraph(`v${i}`));
    expect(saver.pending()).toBe(true);
    await sleep(80);
    await saver.flush();
    expect(update).toHaveBeenCalledTimes(1);
    expect(unwrap(await s.graphs.get(r.id))!.name).toBe('v5');
    expect(saver.pending()).toBe(false);
  });

  it('saves within maxWait while edits keep coming (a long drag)', async () => {
    const s = testStorage();
    const r = unwrap(await s.graphs.create(sampleGraph('v0')));
    const saved: string[] = [];
    const saver = createAutosaver(s, { delayMs: 40, maxWaitMs: 100, onSaved: (rec) => saved.push(rec.name) });
    // An edit every 10 ms for 300 ms: the quiet-time debounce alone would never fire.
    for (let i = 1; i <= 30; i++) {
      saver.schedule(r.id, sampleGraph(`v${i}`));
      await sleep(10);
    }
    expect(saved.length).toBeGreaterThanOrEqual(2);
    await saver.dispose();
    expect(saved.at(-1)).toBe('v30');
    expect(unwrap(await s.graphs.get(r.id))!.name).toBe('v30');
  });

  it('flush saves at once; switching graphs saves the previous one first', async () => {
    const s = testStorage();
    const a = unwrap(await s.graphs.create(sampleGraph('a')));
    const b = unwrap(await s.graphs.create(sampleGraph('b')));
    const saver = createAutosaver(s, { delayMs: 10_000 });
    saver.schedule(a.id, sampleGraph('a edited'));
    saver.schedule(b.id, sampleGraph('b edited'));
    await saver.flush();
    expect(unwrap(await s.graphs.get(a.id))!.name).toBe('a edited');
    expect(unwrap(await s.graphs.get(b.id))!.name).toBe('b edited');
  });

  it('reports a failed save, keeps the edit, and saves it on the next flush', async () => {
    const s = testStorage();
    const r = unwrap(await s.graphs.create(sampleGraph('v0')));
    const errors: StorageError[] = [];
    const saver = createAutosaver(s, { delayMs: 10_000, onError: (e) => errors.push(e) });
    const put = vi.spyOn(s.db.graphs, 'put').mockImplementation((() => Promise.reject(new DOMException('full', 'QuotaExceededError'))) as never);
    saver.schedule(r.id, sampleGraph('v1'));
    const failed = await saver.flush();
    expect(failed?.ok).toBe(false);
    expect(errors.map((e) => e.kind)).toEqual(['quota']);
    expect(saver.pending()).toBe(true);
    put.mockRestore();
    expect((await saver.flush())?.ok).toBe(true);
    expect(unwrap(await s.graphs.get(r.id))!.name).toBe('v1');
  });
});

describe('last open graph', () => {
  it('creates the fallback on first load, then reopens what was open', async () => {
    const s = testStorage();
    const first = unwrap(await openLastGraph(s, () => sampleGraph('Welcome')));
    expect(first.name).toBe('Welcome');
    const other = unwrap(await s.graphs.create(sampleGraph('Other')));
    unwrap(await rememberOpenGraph(s, other.id));
    expect(unwrap(await openLastGraph(s, () => sampleGraph('never'))).id).toBe(other.id);
    // The open graph was deleted (maybe in another tab): the most recently edited one opens.
    unwrap(await s.graphs.remove(other.id));
    expect(unwrap(await openLastGraph(s, () => sampleGraph('never'))).id).toBe(first.id);
    expect(unwrap(await s.settings.get('lastGraphId'))).toBe(first.id);
  });
});

describe('live queries (what the hooks subscribe to)', () => {
  it('emit again when a second connection to the same database (as a second tab would) writes', async () => {
    const s = testStorage();
    const { openStorage } = await import('./storage');
    const otherTab = openStorage({ name: s.db.name });
    const seen: string[][] = [];
    const sub = liveQuery(async () => unwrap(await s.graphs.list()).map((g) => g.name)).subscribe((names) => seen.push(names));
    await sleep(50);
    unwrap(await otherTab.graphs.create(sampleGraph('from the other tab')));
    for (let i = 0; i < 50 && seen.length < 2; i++) await sleep(20);
    sub.unsubscribe();
    expect(seen[0]).toEqual([]);
    expect(seen.at(-1)).toEqual(['from the other tab']);
  });
});
