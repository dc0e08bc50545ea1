import type { GraphFile } from '../engine/format';
import type { StorageError, StorageResult } from './errors';
import type { LabStorage } from './storage';
import type { GraphRecord } from './types';

export interface AutosaveOptions {
  /** Quiet time after the last edit before saving. */
  delayMs?: number;
  /** Longest an edit waits while edits keep coming (a long drag): saves at least this often. */
  maxWaitMs?: number;
  onSaved?: (record: GraphRecord) => void;
  onError?: (error: StorageError) => void;
}

export interface Autosaver {
  /** Note an edit of graph `id`; it is saved after the debounce. A different id flushes the previous graph first. */
  schedule(id: string, file: GraphFile): void;
  /** Save what is pending now (page hidden, graph switched). */
  flush(): Promise<StorageResult<GraphRecord> | null>;
  /** Whether an edit is waiting to be saved. */
  pending(): boolean;
  /** Flush and stop. */
  dispose(): Promise<void>;
}

/**
 * Debounced autosave: every edit is stored within maxWaitMs (1 s by default), one write
 * per burst of edits, in order. A failure is reported through onError and the edit stays
 * pending, so the next edit or flush tries again; nothing throws.
 */
export function createAutosaver(storage: LabStorage, options: AutosaveOptions = {}): Autosaver {
  const delay = options.delayMs ?? 400;
  const maxWait = options.maxWaitMs ?? 1000;
  let next: { id: string; file: GraphFile } | null = null;
  let firstEditAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let chain: Promise<unknown> = Promise.resolve();

  const save = (): Promise<StorageResult<GraphRecord> | null> => {
    clearTimeout(timer);
    timer = undefined;
    const job = next;
    next = null;
    if (!job) return chain.then(() => null);
    // Writes run one after another, so an older file never lands after a newer one.
    const run = chain.then(async () => {
      const result = await storage.graphs.update(job.id, job.file);
      if (result.ok) options.onSaved?.(result.value);
      else {
        if (!next) {
          next = job; // kept for the next edit or flush to retry, unless a newer edit replaced it
          firstEditAt = Date.now();
        }
        options.onError?.(result.error);
      }
      return result;
    });
    chain = run;
    return run;
  };

  return {
    schedule(id, file) {
      if (next && next.id !== id) void save();
      const now = Date.now();
      if (!next) firstEditAt = now;
      next = { id, file };
      clearTimeout(timer);
      timer = setTimeout(save, Math.max(0, Math.min(delay, firstEditAt + maxWait - now)));
    },
    flush: save,
    pending: () => next !== null,
    async dispose() {
      await save();
    },
  };
}
