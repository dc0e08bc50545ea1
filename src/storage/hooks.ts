import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState } from 'react';
import type { GraphFile } from '../engine/format';
import { createAutosaver, type AutosaveOptions, type Autosaver } from './autosave';
import type { StorageError, StorageResult } from './errors';
import { getStorage, type LabStorage } from './storage';
import type { GraphRecord, GraphSummary, KnownSettings, ListQuery } from './types';
import type { WeightsSize } from './weights';

/**
 * React reads of the library through useLiveQuery: every hook re-renders when the data
 * changes, in this tab or in another one. This is the only file of src/storage that
 * imports React. A failed read comes back as status 'error', never as a throw in render.
 */
export type Live<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: StorageError };

const LOADING: Live<never> = { status: 'loading' };

function useLive<T>(query: () => Promise<StorageResult<T>>, deps: unknown[]): Live<T> {
  return useLiveQuery(
    async (): Promise<Live<T>> => {
      const r = await query();
      return r.ok ? { status: 'ready', value: r.value } : { status: 'error', error: r.error };
    },
    deps,
    LOADING,
  );
}

/** The library list: live graphs matching the search, sorted (newest edit first by default). */
export function useGraphList(query: ListQuery = {}, storage: LabStorage = getStorage()): Live<GraphSummary[]> {
  return useLive(() => storage.graphs.list(query), [storage, query.search, query.sort]);
}

/** The trash (graphs deleted but restorable), most recent first. */
export function useDeletedGraphs(storage: LabStorage = getStorage()): Live<GraphSummary[]> {
  return useLive(() => storage.graphs.listDeleted(), [storage]);
}

/** One stored graph, or undefined when there is none (or it is in the trash). */
export function useGraphRecord(id: string | null | undefined, storage: LabStorage = getStorage()): Live<GraphRecord | undefined> {
  return useLive(async () => (id ? storage.graphs.get(id) : { ok: true, value: undefined }), [storage, id]);
}

/** Count and total bytes of stored trained weights, for the size readout. */
export function useWeightsSize(storage: LabStorage = getStorage()): Live<WeightsSize> {
  return useLive(() => storage.weights.size(), [storage]);
}

export function useSetting<K extends keyof KnownSettings>(key: K, storage: LabStorage = getStorage()): Live<KnownSettings[K] | undefined> {
  return useLive(() => storage.settings.get(key), [storage, key]);
}

export interface AutosaveStatus {
  state: 'idle' | 'pending' | 'saved' | 'error';
  lastSavedAt?: number;
  /** The last failure (quota, private mode…), to show the user; cleared by the next good save. */
  error?: StorageError;
}

/**
 * Autosave the open graph: every change of `graph` (a new object) is saved within a
 * second, debounced; pending edits are flushed when the page is hidden or closed, when
 * `graphId` changes and on unmount. The first `graph` seen for an id is taken as the
 * stored one and not written back. Pass graphId null to pause (nothing stored yet).
 */
export function useAutosave(graphId: string | null, graph: GraphFile, options: AutosaveOptions & { storage?: LabStorage } = {}): AutosaveStatus {
  const storage = options.storage ?? getStorage();
  const [status, setStatus] = useState<AutosaveStatus>({ state: 'idle' });
  const callbacks = useRef(options);
  callbacks.current = options;
  const saverRef = useRef<Autosaver | null>(null);
  const seen = useRef<{ id: string | null; graph: GraphFile | null }>({ id: null, graph: null });

  useEffect(() => {
    const saver = createAutosaver(storage, {
      delayMs: callbacks.current.delayMs,
      maxWaitMs: callbacks.current.maxWaitMs,
      onSaved: (record) => {
        if (!saver.pending()) setStatus({ state: 'saved', lastSavedAt: record.updatedAt });
        callbacks.current.onSaved?.(record);
      },
      onError: (error) => {
        setStatus((s) => ({ ...s, state: 'error', error }));
        callbacks.current.onError?.(error);
      },
    });
    saverRef.current = saver;
    const flush = () => void saver.flush();
    const onVisibility = () => document.visibilityState === 'hidden' && flush();
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', flush);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', flush);
      void saver.dispose();
      saverRef.current = null;
    };
  }, [storage]);

  useEffect(() => {
    const saver = saverRef.current;
    if (!saver || !graphId) return;
    if (seen.current.id !== graphId) {
      void saver.flush();
      seen.current = { id: graphId, graph };
      return;
    }
    if (seen.current.graph === graph) return;
    seen.current.graph = graph;
    saver.schedule(graphId, graph);
    setStatus((s) => (s.state === 'pending' ? s : { ...s, state: 'pending' }));
  }, [graphId, graph]);

  return status;
}
