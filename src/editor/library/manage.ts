import type { StorageResult } from '../../storage/errors';
import type { GraphRecord } from '../../storage/types';
import { setGraphName } from '../actions/rename';
import { getGraph } from '../store/graph';
import { showToast } from '../store/ui';
import { emptyGraph, lib, reportStorageError, showRecord } from './session';
import { useLibrary } from './store';

/** The value of a storage call, or undefined after telling the user what failed. */
function value<T>(result: StorageResult<T>): T | undefined {
  if (result.ok) return result.value;
  reportStorageError(result.error);
  return undefined;
}

const isOpen = (id: string) => useLibrary.getState().openId === id;

/** Store an empty graph and open it. */
export async function newGraph(): Promise<void> {
  const created = value(await lib().graphs.create(emptyGraph()));
  if (created) showRecord(created);
}

/** Open a stored graph (the open one's pending edits are saved first by autosave). */
export async function openStored(id: string): Promise<void> {
  if (isOpen(id)) return;
  const got = await lib().graphs.get(id);
  if (!got.ok) return reportStorageError(got.error);
  if (got.value) showRecord(got.value);
  else showToast('That graph is no longer in the library (deleted in another tab?).', 'error');
}

/** Rename; the open graph is renamed in the editor, so autosave carries the name (one undo step). */
export async function renameStored(id: string, name: string): Promise<void> {
  if (isOpen(id)) setGraphName(name);
  else value(await lib().graphs.rename(id, name));
}

/** A copy under a unique name; the open graph is copied as it is on screen, unsaved edits included. */
export async function duplicateStored(id: string): Promise<GraphRecord | undefined> {
  const copy = value(await (isOpen(id) ? lib().graphs.create(structuredClone(getGraph())) : lib().graphs.duplicate(id)));
  if (copy) showToast(`Duplicated as “${copy.name}”`);
  return copy;
}

/**
 * Move a graph to the trash; the toast offers Undo. Deleting the open graph opens the
 * most recently edited other one (or a new empty graph). Its latest state is written
 * first, so what Undo brings back has every edit.
 */
export async function deleteStored(id: string): Promise<void> {
  const storage = lib();
  const wasOpen = isOpen(id);
  if (wasOpen && !value(await storage.graphs.update(id, getGraph()))) return;
  if (wasOpen) {
    const others = value(await storage.graphs.list({ sort: 'updated-desc' }));
    if (!others) return;
    const next = others.find((g) => g.id !== id);
    const record = next ? value(await storage.graphs.get(next.id)) : value(await storage.graphs.create(emptyGraph()));
    if (!record) return;
    showRecord(record);
  }
  const removed = value(await storage.graphs.remove(id));
  if (removed) useLibrary.setState({ undo: { id, name: removed.name, wasOpen } });
}

/** Bring back the graph just deleted (and reopen it if it was open). */
export async function undoDelete(): Promise<void> {
  const undo = useLibrary.getState().undo;
  if (!undo) return;
  useLibrary.setState({ undo: null });
  await restoreDeleted(undo.id, undo.wasOpen);
}

/** Take a graph out of the trash; `open` opens it. */
export async function restoreDeleted(id: string, open = false): Promise<void> {
  const restored = value(await lib().graphs.restore(id));
  if (!restored) return;
  if (open) showRecord(restored);
  else showToast(`Restored “${restored.name}”`);
}

/** Delete a graph in the trash for good. */
export async function purgeDeleted(id: string): Promise<void> {
  value(await lib().graphs.purge(id));
}

/** Remove every stored trained weight set: nodes retrain on their next run. */
export async function clearWeights(): Promise<void> {
  const cleared = await lib().weights.clear();
  if (cleared.ok) showToast('Trained weights cleared: models retrain on their next run.');
  else reportStorageError(cleared.error);
}
