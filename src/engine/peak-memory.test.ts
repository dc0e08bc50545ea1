import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { currentPeak, installPeakTracker, peakTrackerInstalled, resetPeak, snapshot, tensorsMade, uninstallPeakTracker } from './peak-memory';

const MiB = 2 ** 20;
const trackTensorOf = () => (tf.engine() as unknown as { trackTensor: unknown }).trackTensor;

describe('peak tensor memory (the high-water mark of tf.memory())', () => {
  afterEach(() => uninstallPeakTracker());

  it('is off until installed, and uninstalling puts the engine back as it was', () => {
    const original = trackTensorOf();
    expect(peakTrackerInstalled()).toBe(false);
    installPeakTracker();
    installPeakTracker(); // idempotent: one wrapper, not two
    expect(peakTrackerInstalled()).toBe(true);
    expect(trackTensorOf()).not.toBe(original);
    uninstallPeakTracker();
    expect(trackTensorOf()).toBe(original);
    expect(peakTrackerInstalled()).toBe(false);
  });

  it('sees the peak inside a tidy that makes and frees 12 MiB, while tf.memory() ends where it began', () => {
    installPeakTracker();
    const before = snapshot();
    resetPeak();
    expect(currentPeak()).toEqual(before);
    const made0 = tensorsMade();
    // Three live float32 [1024, 1024] tensors at once (4 MiB each), then a scalar is kept.
    const total = tf.tidy(() => {
      const a = tf.fill([1024, 1024], 2);
      const b = tf.mul(a, 3);
      const c = tf.add(a, b);
      return tf.sum(c);
    });
    const peak = currentPeak();
    expect(peak.numBytes - before.numBytes).toBeGreaterThanOrEqual(12 * MiB);
    expect(peak.numBytes - before.numBytes).toBeLessThan(13 * MiB);
    expect(peak.numTensors - before.numTensors).toBeGreaterThanOrEqual(3);
    expect(tensorsMade() - made0).toBeGreaterThanOrEqual(4);
    // Only the 4-byte sum is left; the peak stays until the next reset.
    expect(snapshot()).toEqual({ numTensors: before.numTensors + 1, numBytes: before.numBytes + 4 });
    expect(total.dataSync()[0]).toBe(8 * 1024 * 1024);
    total.dispose();
    expect(snapshot()).toEqual(before);
    expect(currentPeak()).toEqual(peak);
    resetPeak();
    expect(currentPeak()).toEqual(before);
  });

  it('keeps no mark while uninstalled: tensors made then do not move it', () => {
    installPeakTracker();
    const before = currentPeak();
    uninstallPeakTracker();
    tf.tidy(() => tf.add(tf.fill([512, 512], 1), 1));
    expect(currentPeak()).toEqual(before);
  });
});
