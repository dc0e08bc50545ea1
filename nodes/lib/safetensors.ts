/**
 * The safetensors file format (Hugging Face), read and written here without dependencies:
 *   8 bytes   N, the header's length, unsigned 64-bit little-endian;
 *   N bytes   a JSON object: per tensor name {dtype, shape, data_offsets: [begin, end]} (offsets
 *             into the data section, end exclusive), and optionally "__metadata__": {string: string};
 *   the rest  the tensors' raw little-endian bytes, contiguous, in offset order.
 * Only F32 and F16 are used by the lab (F16 halves shipped weights). The export issue reuses it.
 */
export type SafeDtype = 'F32' | 'F16';

export interface SafeTensor {
  shape: number[];
  /** Values as float32 (F16 entries are widened on read). */
  data: Float32Array;
}

export interface SafeFile {
  tensors: Record<string, SafeTensor>;
  metadata: Record<string, string>;
}

const BYTES: Record<SafeDtype, number> = { F32: 4, F16: 2 };
/** Headers larger than this are refused (a corrupt length would otherwise allocate gigabytes). */
const MAX_HEADER = 100 * 1024 * 1024;

/** Encode tensors (in the given order) and metadata; every tensor stored as `dtype`. */
export function encodeSafetensors(tensors: Record<string, SafeTensor>, metadata: Record<string, string> = {}, dtype: SafeDtype = 'F32'): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) throw new Error(`safetensors: tensor '${name}' has ${t.data.length} values for shape [${t.shape}]`);
    const bytes = count * BYTES[dtype];
    header[name] = { dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  // The header is padded with spaces to a multiple of 8 bytes (as the reference writer does).
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) json = new TextEncoder().encode(JSON.stringify(header) + ' '.repeat(padded - json.length));
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of Object.values(tensors)) {
    if (dtype === 'F32') for (let i = 0; i < t.data.length; i++, at += 4) view.setFloat32(at, t.data[i], true);
    else for (let i = 0; i < t.data.length; i++, at += 2) view.setUint16(at, toHalf(t.data[i]), true);
  }
  return out;
}

/** Decode a safetensors file; every inconsistency is refused with a message naming it. */
export function decodeSafetensors(bytes: Uint8Array, what = 'safetensors file'): SafeFile {
  if (bytes.length < 8) throw new Error(`${what}: ${bytes.length} bytes, too short for a safetensors header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(Math.min(MAX_HEADER, bytes.length - 8))) throw new Error(`${what}: header length ${n} exceeds the file (${bytes.length} bytes) or ${MAX_HEADER} bytes`);
  const headerEnd = 8 + Number(n);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, headerEnd)));
  } catch (e) {
    throw new Error(`${what}: the header is not valid JSON (${(e as Error).message})`, { cause: e });
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new Error(`${what}: the header must be a JSON object`);
  const dataLength = bytes.length - headerEnd;
  const tensors: Record<string, SafeTensor> = {};
  let metadata: Record<string, string> = {};
  const spans: [number, number, string][] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof entry !== 'object' || entry === null || Object.values(entry).some((v) => typeof v !== 'string')) throw new Error(`${what}: __metadata__ must map names to strings`);
      metadata = entry as Record<string, string>;
      continue;
    }
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (e.dtype !== 'F32' && e.dtype !== 'F16') throw new Error(`${what}: tensor '${name}' has dtype ${JSON.stringify(e.dtype)} (supported: F32, F16)`);
    if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isInteger(d) && d >= 0)) throw new Error(`${what}: tensor '${name}' has shape ${JSON.stringify(e.shape)}, not a list of sizes`);
    const offsets = e.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0) || offsets[0] > offsets[1]) throw new Error(`${what}: tensor '${name}' has data_offsets ${JSON.stringify(offsets)}`);
    const [begin, end] = offsets as [number, number];
    if (end > dataLength) throw new Error(`${what}: tensor '${name}' ends at byte ${end} of a ${dataLength}-byte data section`);
    const count = (e.shape as number[]).reduce((a, b) => a * b, 1);
    const width = BYTES[e.dtype];
    if (end - begin !== count * width) throw new Error(`${what}: tensor '${name}' of shape [${e.shape}] needs ${count * width} bytes, its offsets span ${end - begin}`);
    const data = new Float32Array(count);
    const base = headerEnd + begin;
    if (width === 4) for (let i = 0; i < count; i++) data[i] = view.getFloat32(base + 4 * i, true);
    else for (let i = 0; i < count; i++) data[i] = fromHalf(view.getUint16(base + 2 * i, true));
    tensors[name] = { shape: e.shape as number[], data };
    spans.push([begin, end, name]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) if (spans[i][0] < spans[i - 1][1]) throw new Error(`${what}: tensors '${spans[i - 1][2]}' and '${spans[i][2]}' overlap`);
  return { tensors, metadata };
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 half precision of x, rounded to nearest even (overflow → ±∞, NaN kept). */
export function toHalf(x: number): number {
  f32[0] = x;
  const b = u32[0];
  const sign = (b >>> 16) & 0x8000;
  const exp = (b >>> 23) & 0xff;
  let mant = b & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half: shift the mantissa (with its implicit 1) right, rounding to nearest even.
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    return sign | (half + (rest > mid || (rest === mid && half & 1) ? 1 : 0));
  }
  const half = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  // Rounding may carry into the exponent (and up to ∞), which is the correct result.
  return sign | (half + (rest > 0x1000 || (rest === 0x1000 && half & 1) ? 1 : 0));
}

/** The number a half-precision bit pattern holds. */
export function fromHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}
