import { describe, expect, it } from 'vitest';
import type { ReplayPreview } from '../../engine/preview';
import { replayFrame, replayStrip } from './replay';

/** A replay of k frames of n 1×2 images whose pixels encode (frame, sample, pixel, which). */
function replay(k: number, n: number): ReplayPreview {
  const code = (which: number) => Uint8Array.from({ length: k * n * 2 }, (_, i) => which * 100 + Math.floor(i / (2 * n)) * 10 + (Math.floor(i / 2) % n) * 2 + (i % 2));
  return { kind: 'replay', xt: code(0), x0: code(1), k, n, height: 1, width: 2, times: new Float32Array(k), timeLabel: 't' };
}

describe('replay sheets', () => {
  it('puts the n states of one frame above their x̂₀, n to a row', () => {
    const sheet = replayFrame(replay(4, 3), 2);
    expect(sheet.cols).toBe(3);
    expect(sheet.n).toBe(6);
    // frame 2: x_t of samples 0, 1, 2 then x̂₀ of the same.
    expect(Array.from(sheet.pixels)).toEqual([20, 21, 22, 23, 24, 25, 120, 121, 122, 123, 124, 125]);
    // Frames out of range are clamped.
    expect(Array.from(replayFrame(replay(4, 3), 9).pixels.subarray(0, 2))).toEqual([30, 31]);
  });

  it('follows one sample through evenly spaced frames, first and last included', () => {
    const strip = replayStrip(replay(5, 2), 3, 1);
    expect(strip.cols).toBe(3);
    // frames 0, 2, 4 of sample 1 (pixels 2, 3 of each frame), x_t then x̂₀.
    expect(Array.from(strip.pixels)).toEqual([2, 3, 22, 23, 42, 43, 102, 103, 122, 123, 142, 143]);
  });
});
