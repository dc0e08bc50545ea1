import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors, fromHalf, toHalf } from './safetensors';
import { uniformGenerator } from './random';

function header(json: string, data = new Uint8Array(0)): Uint8Array {
  const text = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  out.set(data, 8 + text.length);
  return out;
}

describe('safetensors', () => {
  it('round-trips F32 exactly, with metadata and shapes', () => {
    const u = uniformGenerator(1);
    const a = Float32Array.from({ length: 12 }, () => u() * 200 - 100);
    const b = Float32Array.of(0, -0, 1e-30, 3.4e38, -7.25);
    const bytes = encodeSafetensors({ a: { shape: [3, 4], data: a }, b: { shape: [5], data: b } }, { config: '{"kind":"unet"}' });
    // Layout: u64 header length (a multiple of 8), the JSON header, then 4·17 data bytes.
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    expect(bytes.length).toBe(8 + n + 4 * 17);
    const back = decodeSafetensors(bytes);
    expect(back.metadata).toEqual({ config: '{"kind":"unet"}' });
    expect(back.tensors.a.shape).toEqual([3, 4]);
    expect(Array.from(back.tensors.a.data)).toEqual(Array.from(a));
    expect(Array.from(back.tensors.b.data)).toEqual(Array.from(b));
    expect(JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))).a).toEqual({ dtype: 'F32', shape: [3, 4], data_offsets: [0, 48] });
  });

  it('stores F16 within half a unit in the last place (relative 2^-11) over the normal range', () => {
    const u = uniformGenerator(2);
    const x = Float32Array.from({ length: 5000 }, () => (u() < 0.5 ? -1 : 1) * 2 ** (u() * 30 - 14));
    const back = decodeSafetensors(encodeSafetensors({ x: { shape: [5000], data: x } }, {}, 'F16')).tensors.x.data;
    for (let i = 0; i < x.length; i++) expect(Math.abs(back[i] - x[i])).toBeLessThanOrEqual(Math.abs(x[i]) * 2 ** -11 * (1 + 1e-6));
  });

  it('converts half precision as IEEE 754 does (known bit patterns, ties to even, subnormals, overflow)', () => {
    expect(toHalf(1)).toBe(0x3c00);
    expect(toHalf(-2)).toBe(0xc000);
    expect(toHalf(65504)).toBe(0x7bff);
    expect(toHalf(65520)).toBe(0x7c00); // rounds up to ∞
    expect(toHalf(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(toHalf(2 ** -25)).toBe(0x0000); // a tie: to even (0)
    expect(toHalf(1 + 2 ** -11)).toBe(0x3c00); // tie between 1 and 1 + 2^-10: to even
    expect(toHalf(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie: to even (up)
    expect(fromHalf(0x3555)).toBeCloseTo(0.33325195, 8);
    expect(fromHalf(0x7c00)).toBe(Infinity);
    expect(Number.isNaN(fromHalf(toHalf(NaN)))).toBe(true);
    for (let h = 0; h < 0x7c00; h += 7) expect(toHalf(fromHalf(h))).toBe(h); // every finite pattern survives
  });

  it('refuses malformed files with messages naming the problem', () => {
    expect(() => decodeSafetensors(new Uint8Array(4), 'w.safetensors')).toThrow(/w.safetensors: 4 bytes, too short/);
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setBigUint64(0, 1n << 40n, true);
    expect(() => decodeSafetensors(huge)).toThrow(/header length 1099511627776 exceeds/);
    expect(() => decodeSafetensors(header('{not json'))).toThrow(/not valid JSON/);
    expect(() => decodeSafetensors(header('[1]'))).toThrow(/must be a JSON object/);
    expect(() => decodeSafetensors(header('{"a":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}', new Uint8Array(8)))).toThrow(/tensor 'a' has dtype "I64"/);
    expect(() => decodeSafetensors(header('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', new Uint8Array(4)))).toThrow(/needs 8 bytes, its offsets span 4/);
    expect(() => decodeSafetensors(header('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', new Uint8Array(4)))).toThrow(/ends at byte 8 of a 4-byte data section/);
    expect(() => decodeSafetensors(header('{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}', new Uint8Array(4)))).toThrow(/shape \[-1\]/);
    expect(() => decodeSafetensors(header('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', new Uint8Array(8)))).toThrow(/overlap/);
    expect(() => decodeSafetensors(header('{"__metadata__":{"a":1}}'))).toThrow(/__metadata__ must map names to strings/);
  });
});
