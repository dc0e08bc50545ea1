import { z } from 'zod';
import type { WeightTensor, WeightsInput } from '../storage/types';
import { base64ToBytes, bytesToBase64 } from './base64';
import type { ImportIssue } from './issues';

/**
 * The optional `weights` block of an exported graph file (see README.md): trained
 * weights keyed by the cache key of the node that trained them, each tensor as its
 * shape and its float32 values, little-endian, in base64.
 */
export const WEIGHTS_ENCODING = 'float32-le-base64';

export const WEIGHTS_LIMITS = {
  entries: 64,
  tensorsPerEntry: 256,
  dims: 8,
  /** Decoded bytes of all tensors together. */
  bytes: 64 * 1024 * 1024,
} as const;

/** Base64 characters the byte limit allows (4 per 3 bytes), for a quick size check on the text. */
export const WEIGHTS_TEXT_CHARS = Math.ceil(WEIGHTS_LIMITS.bytes / 3) * 4 + 1024 * 1024;

export interface WeightsEntry extends WeightsInput {
  /** Cache key of the training node (src/engine/planner.ts). */
  key: string;
  /** The node's id in the exported graph, for readers; the key is what counts. */
  node?: string;
}

const TensorSchema = z.strictObject({
  shape: z.array(z.number().int().min(0).max(2 ** 31 - 1)).max(WEIGHTS_LIMITS.dims),
  data: z.string(),
});

const EntrySchema = z.strictObject({
  node: z.string().max(100).optional(),
  config: z.record(z.string(), z.unknown()).default({}),
  tensors: z.record(z.string().min(1).max(100), TensorSchema),
});

export const WeightsBlockSchema = z.strictObject({
  encoding: z.literal(WEIGHTS_ENCODING),
  entries: z.record(z.string().min(1).max(200), EntrySchema),
});

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The float32 values' bytes, little-endian, bit for bit (NaN payloads included). */
export function float32ToLeBytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
  if (!littleEndian) for (let i = 0; i < bytes.length; i += 4) bytes.subarray(i, i + 4).reverse();
  return bytes;
}

export function leBytesToFloat32(bytes: Uint8Array): Float32Array {
  const copy = bytes.slice();
  if (!littleEndian) for (let i = 0; i < copy.length; i += 4) copy.subarray(i, i + 4).reverse();
  return new Float32Array(copy.buffer, 0, copy.length / 4);
}

/** The JSON value of a weights block (keys sorted, so the same weights give the same text). */
export function encodeWeightsBlock(entries: readonly WeightsEntry[]): unknown {
  const out: Record<string, unknown> = {};
  for (const e of [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const tensors: Record<string, unknown> = {};
    for (const name of Object.keys(e.tensors).sort()) {
      const t = e.tensors[name];
      tensors[name] = { shape: [...t.shape], data: bytesToBase64(float32ToLeBytes(t.data)) };
    }
    out[e.key] = { ...(e.node === undefined ? {} : { node: e.node }), config: e.config, tensors };
  }
  return { encoding: WEIGHTS_ENCODING, entries: out };
}

/** Read a weights block: every problem comes back with its JSON path under $.weights. */
export function decodeWeightsBlock(value: unknown): { entries: WeightsEntry[]; issues: ImportIssue[] } {
  const base = ['weights'];
  const parsed = WeightsBlockSchema.safeParse(value);
  if (!parsed.success) {
    return { entries: [], issues: parsed.error.issues.map((i) => ({ code: 'invalid-weights', path: [...base, ...(i.path as (string | number)[])], message: `weights block: ${i.message}` })) };
  }
  const issues: ImportIssue[] = [];
  const bad = (path: (string | number)[], message: string) => issues.push({ code: 'invalid-weights', path: [...base, ...path], message: `weights block: ${message}` });
  const keys = Object.keys(parsed.data.entries);
  if (keys.length > WEIGHTS_LIMITS.entries) bad(['entries'], `${keys.length} weight sets; at most ${WEIGHTS_LIMITS.entries} are allowed`);
  let total = 0;
  const entries: WeightsEntry[] = [];
  for (const key of keys.slice(0, WEIGHTS_LIMITS.entries)) {
    const entry = parsed.data.entries[key];
    const names = Object.keys(entry.tensors);
    if (names.length > WEIGHTS_LIMITS.tensorsPerEntry) {
      bad(['entries', key, 'tensors'], `${names.length} tensors; at most ${WEIGHTS_LIMITS.tensorsPerEntry} are allowed`);
      continue;
    }
    const tensors: Record<string, WeightTensor> = {};
    for (const name of names) {
      const { shape, data } = entry.tensors[name];
      const path = ['entries', key, 'tensors', name];
      const size = shape.reduce((a, d) => a * d, 1);
      total += 4 * size;
      if (total > WEIGHTS_LIMITS.bytes) {
        bad([...path, 'shape'], `the weights take more than ${WEIGHTS_LIMITS.bytes / 2 ** 20} MiB`);
        return { entries: [], issues };
      }
      const bytes = base64ToBytes(data);
      if (!bytes) bad([...path, 'data'], 'data is not valid base64');
      else if (bytes.length !== 4 * size) bad([...path, 'data'], `shape [${shape.join(', ')}] needs ${size} float32 values (${4 * size} bytes) but data holds ${bytes.length} bytes`);
      else tensors[name] = { shape, data: leBytesToFloat32(bytes) };
    }
    entries.push({ key, ...(entry.node === undefined ? {} : { node: entry.node }), config: entry.config, tensors });
  }
  return { entries: issues.length ? [] : entries, issues };
}
