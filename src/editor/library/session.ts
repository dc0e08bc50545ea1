import { GRAPH_FORMAT, GRAPH_VERSION, type GraphFile } from '../../engine/format';
import { isShareLink } from '../../sharing/share-link';
import type { StorageError } from '../../storage/errors';
import { openLastGraph, rememberOpenGraph } from '../../storage/session';
import { getStorage, type LabStorage } from '../../storage/storage';
import type { GraphRecord } from '../../storage/types';
import { openGraph } from '../actions/open-graph';
import { defaultGraph } from '../default-graph';
import { showToast } from '../store/ui';
import { openInsteadOf, whyUnshowable } from './start-check';
import { useLibrary } from './store';

/** Graphs stay in the trash this long, then go for good at the next start. */
export const TRASH_DAYS = 30;

let current: LabStorage | null = null;

/** The library the editor works with (the app's one database; tests set their own). */
export function lib(): LabStorage {
  return (current ??= getStorage());
}

export function setLibraryStorage(storage: LabStorage): void {
  current = storage;
}

/** A graph with nothing in it, for "New". */
export function emptyGraph(name = 'Untitled graph'): GraphFile {
  return { format: GRAPH_FORMAT, version: GRAPH_VERSION, name, description: '', seed: 0, nodes: [], edges: [], assertions: [] };
}

/** Failures the user must know about (nothing is being saved) go to the banner as well as a toast. */
export function reportStorageError(error: StorageError): void {
  showToast(error.message, 'error', undefined, 8000);
  if (error.kind === 'quota' || error.kind === 'unavailable' || error.kind === 'version' || error.kind === 'blocked') useLibrary.setState({ banner: error });
}

/**
 * Make a stored graph the open one. The autosave target is cleared before the document
 * changes and set after, so no autosave ever files the new document under the old id.
 */
export function showRecord(record: GraphRecord): void {
  useLibrary.setState({ openId: null });
  openGraph(record.file);
  useLibrary.setState({ openId: record.id, status: 'ready', knownAt: record.updatedAt });
  void rememberOpenGraph(lib(), record.id);
}

/** Storage failed: keep editing in this tab (nothing is saved) and say so. */
export function enterMemoryMode(error: StorageError): void {
  useLibrary.setState({ status: 'memory', openId: null, banner: error, save: { state: 'memory' } });
}

export interface StartEnv {
  /** location.hash at load. */
  hash: string;
  /** Take the share link out of the address, so a reload does not import it again. */
  clearHash(): void;
  /** Opens a share link as a new graph; true when it did (import.ts's openSharedLink). */
  openLink(hash: string): Promise<boolean>;
}

/**
 * On load: open the library; a share link in the fragment opens as a new graph; else the
 * graph open last time (or the default graph, stored as the first one). Old trash goes.
 */
export async function startLibrary(env: StartEnv): Promise<void> {
  const storage = lib();
  const ready = await storage.ready();
  if (ready.ok) await storage.graphs.purgeDeleted(Date.now() - TRASH_DAYS * 86_400_000);
  else enterMemoryMode(ready.error);
  if (isShareLink(env.hash)) {
    // Without storage the link still opens, in memory.
    const opened = await env.openLink(env.hash);
    env.clearHash();
    if (opened) return;
  }
  if (!ready.ok) return;
  const last = await openLastGraph(storage, defaultGraph);
  if (!last.ok) return enterMemoryMode(last.error);
  const why = whyUnshowable(last.value.file);
  if (why) return openInsteadOf(last.value, why);
  showRecord(last.value);
}
