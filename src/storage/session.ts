import type { GraphFile } from '../engine/format';
import type { StorageResult } from './errors';
import type { LabStorage } from './storage';
import type { GraphRecord } from './types';

/**
 * The graph to show when the app loads: the one open last time; else the most recently
 * edited; else `fallback()` stored as a new graph. Remembers the choice. On a storage
 * failure the error comes back and the caller edits `fallback()` in memory.
 */
export async function openLastGraph(storage: LabStorage, fallback: () => GraphFile): Promise<StorageResult<GraphRecord>> {
  const last = await storage.settings.get('lastGraphId');
  if (!last.ok) return last;
  let record: GraphRecord | undefined;
  if (last.value) {
    const got = await storage.graphs.get(last.value);
    if (!got.ok) return got;
    record = got.value;
  }
  if (!record) {
    const list = await storage.graphs.list({ sort: 'updated-desc' });
    if (!list.ok) return list;
    if (list.value.length) {
      const got = await storage.graphs.get(list.value[0].id);
      if (!got.ok) return got;
      record = got.value;
    }
  }
  if (!record) {
    const created = await storage.graphs.create(fallback());
    if (!created.ok) return created;
    record = created.value;
  }
  const remembered = await rememberOpenGraph(storage, record.id);
  return remembered.ok ? { ok: true, value: record } : remembered;
}

/** Record which graph is open, so a reload reopens it. */
export function rememberOpenGraph(storage: LabStorage, id: string): Promise<StorageResult<void>> {
  return storage.settings.set('lastGraphId', id);
}
