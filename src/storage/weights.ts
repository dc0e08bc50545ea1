import { weightsByteSize, type LabDb } from './db';
import { attempt, StorageError, type StorageResult } from './errors';
import type { WeightsInput, WeightsRecord } from './types';

export interface WeightsSize {
  count: number;
  bytes: number;
}

/** A reason the tensors cannot be stored, or null. */
export function checkTensors(tensors: WeightsInput['tensors']): string | null {
  for (const [name, t] of Object.entries(tensors)) {
    if (!(t?.data instanceof Float32Array)) return `tensor '${name}' must hold a Float32Array`;
    if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isInteger(d) && d >= 0)) return `tensor '${name}' has an invalid shape`;
    const size = t.shape.reduce((a, d) => a * d, 1);
    if (size !== t.data.length) return `tensor '${name}' has shape [${t.shape.join(', ')}] (${size} values) but holds ${t.data.length}`;
  }
  return null;
}

/**
 * Trained weights keyed by the cache key of the node that trained them, so a reopened
 * graph (or a duplicate: the key depends on content, not on the graph) does not retrain.
 */
export class WeightsRepo {
  constructor(
    private readonly db: LabDb,
    private readonly now: () => number,
  ) {}

  /** Store (or replace) the weights under a cache key. The arrays are copied by IndexedDB, bit for bit. */
  put(key: string, weights: WeightsInput): Promise<StorageResult<WeightsRecord>> {
    const problem = checkTensors(weights.tensors);
    if (problem) return Promise.resolve({ ok: false, error: new StorageError('invalid', `Could not save trained weights: ${problem}.`) });
    // A view into a larger buffer would store the whole buffer: keep just its values.
    const tensors = Object.fromEntries(Object.entries(weights.tensors).map(([name, t]) => [name, { shape: [...t.shape], data: t.data.byteLength === t.data.buffer.byteLength ? t.data : t.data.slice() }]));
    const record: WeightsRecord = { key, tensors, config: weights.config, byteSize: weightsByteSize(weights), createdAt: this.now() };
    return attempt('save trained weights', async () => {
      await this.db.weights.put(record);
      return record;
    });
  }

  get(key: string): Promise<StorageResult<WeightsRecord | undefined>> {
    return attempt('read trained weights', () => this.db.weights.get(key));
  }

  /** Several keys at once (export); missing ones are left out. */
  getMany(keys: readonly string[]): Promise<StorageResult<WeightsRecord[]>> {
    return attempt('read trained weights', async () => (await this.db.weights.bulkGet([...keys])).filter((r): r is WeightsRecord => r !== undefined));
  }

  has(key: string): Promise<StorageResult<boolean>> {
    return attempt('read trained weights', async () => (await this.db.weights.where('key').equals(key).count()) > 0);
  }

  /** How many weight sets are stored and their total bytes, read from the byteSize index (no tensor is loaded). */
  size(): Promise<StorageResult<WeightsSize>> {
    return attempt('measure trained weights', async () => {
      const sizes = (await this.db.weights.orderBy('byteSize').keys()) as number[];
      return { count: sizes.length, bytes: sizes.reduce((a, b) => a + b, 0) };
    });
  }

  delete(key: string): Promise<StorageResult<void>> {
    return attempt('delete trained weights', () => this.db.weights.delete(key));
  }

  /** Remove every stored weight set (nodes retrain when next run). */
  clear(): Promise<StorageResult<void>> {
    return attempt('clear trained weights', () => this.db.weights.clear());
  }
}
