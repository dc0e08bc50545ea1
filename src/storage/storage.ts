import { createDb, type LabDb, type OpenOptions } from './db';
import { attempt, type StorageResult } from './errors';
import { GraphRepo } from './graphs';
import { SettingsRepo } from './settings';
import { WeightsRepo } from './weights';

export interface StorageOptions extends Omit<OpenOptions, 'version'> {
  /** Clock in ms (tests); the default never returns the same value twice, so sorts by date are total. */
  now?: () => number;
}

/** The library: graphs, trained weights and settings over one Dexie database. */
export interface LabStorage {
  readonly db: LabDb;
  readonly graphs: GraphRepo;
  readonly weights: WeightsRepo;
  readonly settings: SettingsRepo;
  /** Open the database now; a failure (private mode, newer version in another tab) comes back as a StorageError. */
  ready(): Promise<StorageResult<void>>;
  close(): void;
}

function monotoneClock(): () => number {
  let last = 0;
  return () => (last = Math.max(Date.now(), last + 1));
}

/** Open the library (lazily: nothing touches IndexedDB until the first call). Never throws. */
export function openStorage(options: StorageOptions = {}): LabStorage {
  const db = createDb(options);
  const now = options.now ?? monotoneClock();
  return {
    db,
    graphs: new GraphRepo(db, now),
    weights: new WeightsRepo(db, now),
    settings: new SettingsRepo(db),
    ready: () => attempt('open the graph library', async () => void (await db.open())),
    close: () => db.close(),
  };
}

let shared: LabStorage | undefined;

/** The app's one library instance (the default database name). */
export function getStorage(): LabStorage {
  return (shared ??= openStorage());
}
