import 'fake-indexeddb/auto';
import { GRAPH_FORMAT, GRAPH_VERSION, type GraphFile } from '../engine/format';
import { openStorage, type LabStorage, type StorageOptions } from './storage';

/** Test helpers: each storage gets its own database name (fake-indexeddb is shared by a test file). */
let counter = 0;
export function uniqueDbName(): string {
  return `dgl-test-${process.pid}-${Date.now()}-${counter++}`;
}

export function testStorage(options: StorageOptions = {}): LabStorage {
  return openStorage({ name: uniqueDbName(), ...options });
}

export function sampleGraph(name = 'Sample', description = ''): GraphFile {
  return {
    format: GRAPH_FORMAT,
    version: GRAPH_VERSION,
    name,
    description,
    seed: 0,
    nodes: [{ id: 'noise', type: 'noise/normal', typeVersion: 1, params: { n: 16, dim: 2 }, position: { x: 10, y: 20 } }],
    edges: [],
    assertions: [],
  };
}

/** Everything stored, in key order: compare before and after to prove nothing changed. */
export async function snapshot(storage: LabStorage): Promise<unknown> {
  const { db } = storage;
  return { graphs: await db.graphs.orderBy('id').toArray(), weights: await db.weights.orderBy('key').toArray(), settings: await db.settings.orderBy('key').toArray() };
}

/** The value of a StorageResult, or a thrown error naming the failure (tests only). */
export function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: Error }): T {
  if (!result.ok) throw result.error;
  return result.value;
}
