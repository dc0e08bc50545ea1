import * as tf from '@tensorflow/tfjs';
import { disposeValues } from './dispose';
import type { Values } from './node';

/** Bytes an element takes by dtype (tfjs stores bool as one byte, complex as two floats). */
const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8, string: 16 };
/** Estimate for a plain object or array slot that is not a tensor or number. */
const OBJECT_BYTES = 64;

interface Entry {
  outputs: Values;
  bytes: number;
  /** Runs (or readers) holding this entry: it is never disposed while held. */
  pins: number;
}

/**
 * Node results by cache key (type, version, params, seed, input keys: src/engine/planner.ts),
 * in a least-recently-used cache bounded in bytes: tensors by their size and dtype, other
 * values by an estimate. Results are found by content, not by node id, so a duplicated
 * node, another open graph or the compare view's extra graph reuse what was computed.
 *
 * Eviction disposes an entry's values, but never one that is pinned: a live run pins the
 * results it reads and makes, and releases them when it ends (the executor keeps the latest
 * run's results pinned until the next run, so its client can still read them). Pinned
 * entries may hold the cache above its budget for that long.
 */
export class ResultCache {
  private readonly entries = new Map<string, Entry>();
  private total = 0;

  constructor(readonly maxBytes: number) {
    if (!(maxBytes >= 0)) throw new Error(`result cache: maxBytes must be a number ≥ 0, not ${maxBytes}`);
  }

  /** Bytes held now (estimated). */
  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The values under `key`, marking them most recently used. */
  get(key: string): Values | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.outputs;
  }

  /** The values under `key` without touching their place in the LRU order. */
  peek(key: string): Values | undefined {
    return this.entries.get(key)?.outputs;
  }

  /** Keep `outputs` under `key` (pinned once when `pin`), then evict down to the budget. */
  set(key: string, outputs: Values, pin = false): void {
    const old = this.entries.get(key);
    if (old) {
      if (old.outputs === outputs) return;
      if (old.pins > 0) throw new Error(`result cache: key ${key} is in use and cannot be replaced`);
      this.drop(key, old);
    }
    const entry: Entry = { outputs, bytes: estimateBytes(outputs), pins: pin ? 1 : 0 };
    this.entries.set(key, entry);
    this.total += entry.bytes;
    this.evict();
  }

  pin(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) throw new Error(`result cache: no entry ${key} to pin`);
    entry.pins++;
  }

  unpin(key: string): void {
    const entry = this.entries.get(key);
    if (!entry || entry.pins === 0) throw new Error(`result cache: entry ${key} is not pinned`);
    entry.pins--;
  }

  /** Dispose least recently used unpinned entries while over the budget. */
  evict(): void {
    if (this.total <= this.maxBytes) return;
    for (const [key, entry] of this.entries) {
      if (this.total <= this.maxBytes) break;
      if (entry.pins === 0) this.drop(key, entry);
    }
  }

  /** Dispose every entry; refused while a run holds some (cancel it first). */
  clear(): void {
    const held = [...this.entries.values()].filter((e) => e.pins > 0).length;
    if (held) throw new Error(`result cache: ${held} entries are in use by a run`);
    for (const [key, entry] of this.entries) this.drop(key, entry);
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.total -= entry.bytes;
    disposeValues(entry.outputs);
  }
}

/**
 * Bytes a node's outputs hold: every distinct tensor reachable (as disposeValues walks
 * them, to depth 4) at size × bytes per element, typed arrays at their byteLength,
 * numbers at 8 bytes, strings at 2 per character, other objects at a flat estimate.
 */
export function estimateBytes(values: Values): number {
  const seen = new Set<unknown>();
  let bytes = 0;
  const visit = (v: unknown, depth: number): void => {
    if (typeof v === 'number') bytes += 8;
    else if (typeof v === 'string') bytes += 2 * v.length;
    if (!v || typeof v !== 'object' || seen.has(v) || depth > 4) return;
    seen.add(v);
    if (v instanceof tf.Tensor) {
      if (!v.isDisposed) bytes += v.size * (DTYPE_BYTES[v.dtype] ?? 4);
      return;
    }
    if (ArrayBuffer.isView(v)) {
      bytes += v.byteLength;
      return;
    }
    bytes += OBJECT_BYTES;
    const inner = v instanceof Map ? [...v.values()] : Array.isArray(v) ? v : Object.values(v);
    for (const x of inner) visit(x, depth + 1);
  };
  for (const v of Object.values(values)) visit(v, 0);
  return bytes;
}
