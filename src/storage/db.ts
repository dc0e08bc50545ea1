import { Dexie, type DexieOptions, type EntityTable, type Transaction } from 'dexie';
import type { GraphRecord, SettingRecord, WeightsRecord } from './types';

/**
 * The library database and every version of its schema. Dexie needs all past
 * versions declared: a browser that still holds version n is upgraded step by step.
 * Never edit a published version; add version(n+1) with its upgrade.
 *
 * Version 1: graphs (id, name, createdAt, updatedAt, file), weights (key, tensors,
 *   config, createdAt), settings (key, value).
 * Version 2: graphs gain a `description` field (mirrors file.description, for search)
 *   and a createdAt index; weights gain `byteSize` with an index, so the size readout
 *   reads index keys instead of loading every tensor.
 */
export const DEFAULT_DB_NAME = 'diffusion-graph-lab';

export const SCHEMA: Record<number, Record<string, string>> = {
  1: { graphs: 'id, name, updatedAt', weights: 'key', settings: 'key' },
  2: { graphs: 'id, name, updatedAt, createdAt', weights: 'key, createdAt, byteSize', settings: 'key' },
};

export const DB_VERSION = 2;

export type LabDb = Dexie & {
  graphs: EntityTable<GraphRecord, 'id'>;
  weights: EntityTable<WeightsRecord, 'key'>;
  settings: EntityTable<SettingRecord, 'key'>;
};

/** Sum of byte lengths of a weights record's tensors (tolerates version-1 records). */
export function weightsByteSize(record: { tensors?: Record<string, { data?: ArrayBufferView }> }): number {
  return Object.values(record.tensors ?? {}).reduce((acc, t) => acc + (t?.data?.byteLength ?? 0), 0);
}

async function upgradeTo2(tx: Transaction): Promise<void> {
  await tx.table('graphs').toCollection().modify((g: Partial<GraphRecord>) => {
    g.description = typeof g.file?.description === 'string' ? g.file.description : '';
  });
  await tx.table('weights').toCollection().modify((w: Partial<WeightsRecord>) => {
    w.byteSize = weightsByteSize(w);
  });
}

const UPGRADES: Record<number, (tx: Transaction) => Promise<void>> = { 2: upgradeTo2 };

export interface OpenOptions {
  name?: string;
  /** The schema version to declare up to (tests open an old version first). */
  version?: number;
  /** IndexedDB implementation (tests; defaults to the browser's; null acts as a browser without one). */
  indexedDB?: IDBFactory | null;
  IDBKeyRange?: typeof IDBKeyRange;
}

/** A Dexie instance with versions 1…version declared. It opens lazily, on first use. */
export function createDb(options: OpenOptions = {}): LabDb {
  // null stands for a browser without IndexedDB: Dexie then fails every call with MissingAPIError.
  const deps = (options.indexedDB !== undefined ? { indexedDB: options.indexedDB, IDBKeyRange: options.IDBKeyRange } : {}) as DexieOptions;
  const db = new Dexie(options.name ?? DEFAULT_DB_NAME, deps) as LabDb;
  const upTo = options.version ?? DB_VERSION;
  for (let v = 1; v <= upTo; v++) {
    const version = db.version(v).stores(SCHEMA[v]);
    const upgrade = UPGRADES[v];
    if (upgrade) version.upgrade(upgrade);
  }
  return db;
}
