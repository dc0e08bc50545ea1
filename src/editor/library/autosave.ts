import { useEffect } from 'react';
import { rememberOpenGraph } from '../../storage/session';
import { useAutosave } from '../../storage/hooks';
import type { StorageError } from '../../storage/errors';
import type { GraphRecord } from '../../storage/types';
import { getGraph, useGraph } from '../store/graph';
import { showToast } from '../store/ui';
import { lib, reportStorageError } from './session';
import { useLibrary } from './store';

/**
 * A save of the open graph failed with not-found: either a graph this tab has just left
 * (its last save lost a race with its deletion: nothing to do), or the open graph was
 * deleted in another tab: then this tab's version is stored again, as a new graph.
 */
async function recoverDeleted(): Promise<void> {
  const id = useLibrary.getState().openId;
  if (!id) return;
  const got = await lib().graphs.get(id);
  if (!got.ok || got.value) return;
  const created = await lib().graphs.create(getGraph());
  if (!created.ok) return reportStorageError(created.error);
  if (useLibrary.getState().openId !== id) return;
  useLibrary.setState({ openId: created.value.id, knownAt: created.value.updatedAt });
  void rememberOpenGraph(lib(), created.value.id);
  showToast(`This graph was deleted in another tab; your version is saved as “${created.value.name}”.`, 'info', undefined, 8000);
}

function onSaved(record: GraphRecord): void {
  useLibrary.setState((s) => (record.id === s.openId ? { knownAt: Math.max(s.knownAt, record.updatedAt) } : {}));
}

function onAutosaveError(error: StorageError): void {
  if (error.kind === 'not-found') void recoverDeleted();
  else useLibrary.setState({ banner: error });
}

/**
 * Every edit of the open graph is saved within a second (src/storage's useAutosave,
 * debounced); the state goes to the library store for the toolbar's indicator.
 */
export function useLibraryAutosave(): void {
  const openId = useLibrary((s) => s.openId);
  const memory = useLibrary((s) => s.status === 'memory');
  const graph = useGraph((s) => s.graph);
  const status = useAutosave(openId, graph, { storage: lib(), onError: onAutosaveError, onSaved });
  useEffect(() => {
    if (memory) return;
    // A not-found is handled above and is no failure of the open graph's saves.
    const benign = status.state === 'error' && status.error?.kind === 'not-found';
    useLibrary.setState({ save: benign ? { state: 'saved', at: status.lastSavedAt } : { state: status.state, at: status.lastSavedAt, error: status.error } });
    if (status.state === 'saved') useLibrary.setState((s) => (s.banner?.kind === 'quota' ? { banner: null } : {}));
  }, [status, memory]);
}
