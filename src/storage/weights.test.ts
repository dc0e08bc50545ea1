import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { testStorage, unwrap } from './test-db';

/** Float32 values that catch lossy copies: signed zero, NaN payloads, infinities, subnormals, extremes. */
function trickyFloats(n: number): Float32Array {
  const bits = new Uint32Array(n);
  const special = [0x80000000, 0x7fc00001, 0xffc12345, 0x7f800000, 0xff800000, 0x00000001, 0x007fffff, 0x7f7fffff, 0x3f800000];
  let h = 12345;
  for (let i = 0; i < n; i++) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) + 0x9e3779b9;
    bits[i] = i < special.length ? special[i] : h >>> 0;
  }
  return new Float32Array(bits.buffer);
}

const bitsOf = (a: Float32Array) => new Uint32Array(a.buffer, a.byteOffset, a.length);

describe('trained weights', () => {
  it('round-trips Float32Arrays bit for bit, with shape, config, size and date', async () => {
    const s = testStorage({ now: () => 42 });
    const w1 = trickyFloats(18 * 128);
    const b1 = trickyFloats(128);
    const put = unwrap(await s.weights.put('key-a', { tensors: { 'dense0/w': { shape: [18, 128], data: w1 }, 'dense0/b': { shape: [128], data: b1 } }, config: { layers: [18, 128, 2], activation: 'silu' } }));
    expect(put.byteSize).toBe(4 * (18 * 128 + 128));
    const got = unwrap(await s.weights.get('key-a'))!;
    expect(got.key).toBe('key-a');
    expect(got.createdAt).toBe(42);
    expect(got.config).toEqual({ layers: [18, 128, 2], activation: 'silu' });
    expect(got.tensors['dense0/w'].shape).toEqual([18, 128]);
    expect(got.tensors['dense0/w'].data).toBeInstanceOf(Float32Array);
    expect(bitsOf(got.tensors['dense0/w'].data)).toEqual(bitsOf(w1));
    expect(bitsOf(got.tensors['dense0/b'].data)).toEqual(bitsOf(b1));
    expect(unwrap(await s.weights.has('key-a'))).toBe(true);
    expect(unwrap(await s.weights.has('key-b'))).toBe(false);
  });

  it('stores a view into a larger buffer as just its values', async () => {
    const s = testStorage();
    const big = trickyFloats(100);
    const view = big.subarray(10, 16);
    unwrap(await s.weights.put('v', { tensors: { w: { shape: [2, 3], data: view } }, config: {} }));
    const got = unwrap(await s.weights.get('v'))!.tensors.w.data;
    expect(got.length).toBe(6);
    expect(got.buffer.byteLength).toBe(24);
    expect(bitsOf(got)).toEqual(bitsOf(view));
  });

  it('reports count and total bytes, deletes one, clears all', async () => {
    const s = testStorage();
    expect(unwrap(await s.weights.size())).toEqual({ count: 0, bytes: 0 });
    unwrap(await s.weights.put('a', { tensors: { w: { shape: [10], data: new Float32Array(10) } }, config: {} }));
    unwrap(await s.weights.put('b', { tensors: { w: { shape: [5, 5], data: new Float32Array(25) } }, config: {} }));
    unwrap(await s.weights.put('b', { tensors: { w: { shape: [5], data: new Float32Array(5) } }, config: {} })); // replaces
    expect(unwrap(await s.weights.size())).toEqual({ count: 2, bytes: 60 });
    expect(unwrap(await s.weights.getMany(['b', 'zzz', 'a'])).map((r) => r.key)).toEqual(['b', 'a']);
    unwrap(await s.weights.delete('a'));
    expect(unwrap(await s.weights.size())).toEqual({ count: 1, bytes: 20 });
    unwrap(await s.weights.clear());
    expect(unwrap(await s.weights.size())).toEqual({ count: 0, bytes: 0 });
  });

  it('refuses tensors whose shape does not match their data', async () => {
    const s = testStorage();
    const r = await s.weights.put('bad', { tensors: { w: { shape: [3, 3], data: new Float32Array(8) } }, config: {} });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/'w' has shape \[3, 3\] \(9 values\) but holds 8/) });
    const r2 = await s.weights.put('bad', { tensors: { w: { shape: [2], data: [1, 2] as unknown as Float32Array } }, config: {} });
    expect(r2.ok).toBe(false);
    expect(unwrap(await s.weights.size()).count).toBe(0);
  });
});

describe('settings', () => {
  it('stores, reads and removes values', async () => {
    const s = testStorage();
    expect(unwrap(await s.settings.get('backend'))).toBeUndefined();
    unwrap(await s.settings.set('backend', 'wasm'));
    unwrap(await s.settings.set('librarySort', 'name-asc'));
    expect(unwrap(await s.settings.get('backend'))).toBe('wasm');
    unwrap(await s.settings.remove('backend'));
    expect(unwrap(await s.settings.get('backend'))).toBeUndefined();
    expect(unwrap(await s.settings.get('librarySort'))).toBe('name-asc');
  });
});
