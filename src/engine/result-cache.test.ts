import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { estimateBytes, ResultCache } from './result-cache';

const col = (n: number, v = 1) => ({ x: tf.fill([n, 1], v) }); // n float32 = 4n bytes

describe('estimateBytes', () => {
  it('counts tensors by size and dtype once each, typed arrays by length, numbers and objects by estimate', () => {
    const a = tf.zeros([3, 4]);
    const b = tf.zeros([5], 'int32');
    const c = tf.zeros([8], 'bool');
    expect(estimateBytes({ a })).toBe(48);
    expect(estimateBytes({ b, c })).toBe(20 + 8);
    expect(estimateBytes({ a, again: a })).toBe(48);
    expect(estimateBytes({ v: 0.5 })).toBe(8);
    // an object (64) holding a tensor (48), a typed array (40) and an array (64) of two numbers (16)
    expect(estimateBytes({ t: { a, f: new Float32Array(10), xs: [1, 2] } })).toBe(64 + 48 + 40 + 64 + 16);
    tf.dispose([a, b, c]);
  });
});

describe('ResultCache', () => {
  it('evicts the least recently used entries beyond its byte budget and disposes them', () => {
    const before = tf.memory().numTensors;
    const cache = new ResultCache(100);
    const a = col(12); // 48 bytes
    const b = col(12);
    cache.set('a', a);
    cache.set('b', b);
    expect(cache.get('a')).toBe(a); // a is now the most recent
    cache.set('c', col(12)); // 144 > 100: the oldest, b, goes
    expect(cache.has('b')).toBe(false);
    expect(b.x.isDisposed).toBe(true);
    expect(a.x.isDisposed).toBe(false);
    expect(cache.bytes).toBe(96);
    expect(tf.memory().numTensors).toBe(before + 2);
    cache.clear();
    expect(cache.bytes).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('never disposes a pinned entry, even far over budget; unpinned, it goes at the next eviction', () => {
    const before = tf.memory().numTensors;
    const cache = new ResultCache(0);
    const held = col(100);
    cache.set('held', held, true); // in use by a run: stays although the budget is 0
    const loose = col(1);
    cache.set('loose', loose);
    expect(loose.x.isDisposed).toBe(true);
    expect(held.x.isDisposed).toBe(false);
    expect(cache.peek('held')).toBe(held);
    cache.pin('held'); // a second reader
    cache.unpin('held');
    cache.evict();
    expect(held.x.isDisposed).toBe(false);
    expect(() => cache.clear()).toThrow(/in use by a run/);
    cache.unpin('held');
    cache.evict();
    expect(held.x.isDisposed).toBe(true);
    expect(cache.size).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => cache.unpin('held')).toThrow(/not pinned/);
  });

  it('replaces an unpinned entry under the same key, disposing the old values', () => {
    const before = tf.memory().numTensors;
    const cache = new ResultCache(1e6);
    const first = col(2);
    cache.set('k', first);
    cache.set('k', col(3));
    expect(first.x.isDisposed).toBe(true);
    expect(cache.bytes).toBe(12);
    cache.clear();
    expect(tf.memory().numTensors).toBe(before);
  });
});
