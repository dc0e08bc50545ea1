/**
 * Storage failures as data. IndexedDB fails in a handful of ways a user can act on
 * (disk full, private browsing, another tab running a newer version); every call into
 * src/storage returns a StorageResult instead of throwing, so a failed save can be
 * shown while the editor keeps working.
 */

export type StorageErrorKind =
  /** The origin's quota is used up (QuotaExceededError). */
  | 'quota'
  /** No IndexedDB here: private browsing, storage disabled, blocked by policy. */
  | 'unavailable'
  /** Another tab holds an older version of the database open and does not let go. */
  | 'blocked'
  /** Another tab has already upgraded the database to a newer version. */
  | 'version'
  /** The record asked for does not exist (or is in the trash). */
  | 'not-found'
  /** The caller passed something that cannot be stored (bad name, bad tensor shape). */
  | 'invalid'
  | 'unknown';

export class StorageError extends Error {
  constructor(
    readonly kind: StorageErrorKind,
    message: string,
    /** The original error (DOMException, Dexie error), for the console. */
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

export type StorageResult<T> = { ok: true; value: T } | { ok: false; error: StorageError };

export const ok = <T>(value: T): StorageResult<T> => ({ ok: true, value });
export const failed = <T = never>(kind: StorageErrorKind, message: string, cause?: unknown): StorageResult<T> => ({ ok: false, error: new StorageError(kind, message, cause) });

/** Error names along the chain: Dexie wraps DOMExceptions in `inner`, AbortError hides the real cause. */
function errorNames(error: unknown): string[] {
  const names: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const named = e as { name?: unknown; inner?: unknown; cause?: unknown };
    if (typeof named.name === 'string') names.push(named.name);
    e = named.inner ?? named.cause;
  }
  return names;
}

/** Turn whatever IndexedDB or Dexie threw into a StorageError whose message says what happened and what to do. */
export function toStorageError(error: unknown, action: string): StorageError {
  if (error instanceof StorageError) return error;
  const names = errorNames(error);
  const has = (...candidates: string[]) => candidates.some((c) => names.includes(c));
  if (has('QuotaExceededError')) {
    return new StorageError('quota', `Could not ${action}: the browser's storage for this site is full. Clear trained weights or delete graphs you no longer need, or export this graph to a file.`, error);
  }
  if (has('MissingAPIError', 'SecurityError', 'InvalidStateError')) {
    return new StorageError('unavailable', `Could not ${action}: this browser does not allow saving here (private browsing or disabled site storage). Your work stays in this tab only; export it to a file to keep it.`, error);
  }
  if (has('VersionError')) {
    return new StorageError('version', `Could not ${action}: another tab has upgraded the library to a newer version of the app. Reload this tab.`, error);
  }
  if (has('BlockedError')) {
    return new StorageError('blocked', `Could not ${action}: another tab of this app holds an older library open. Close or reload the other tabs.`, error);
  }
  if (has('DataCloneError', 'DataError', 'ConstraintError')) {
    return new StorageError('invalid', `Could not ${action}: the data cannot be stored (${messageOf(error)}).`, error);
  }
  return new StorageError('unknown', `Could not ${action}: ${messageOf(error)}`, error);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Run a storage operation; any failure comes back as a StorageError naming the action. */
export async function attempt<T>(action: string, run: () => Promise<T>): Promise<StorageResult<T>> {
  try {
    return ok(await run());
  } catch (error) {
    return { ok: false, error: toStorageError(error, action) };
  }
}
