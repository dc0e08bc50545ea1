import { describe, expect, it } from 'vitest';
import type { TrajectoryPreview } from '../../../engine/preview';
import { positionOf, scrubFrame, timeAt, timeAxis } from './scrub';

/** k frames of two points: point 0 at (k, 0), point 1 at (0, 10k) in frame k. */
function traj(times: number[], label = 't'): TrajectoryPreview {
  const k = times.length;
  const frames = new Float32Array(k * 4);
  for (let f = 0; f < k; f++) frames.set([f, 0, 0, 10 * f], 4 * f);
  return { kind: 'trajectory', frames, k, n: 2, times: Float32Array.from(times), timeLabel: label };
}

describe('scrubbing a trajectory', () => {
  const p = traj([1, 0.5, 0]);

  it('interpolates between the snapshots around t, and reports t itself', () => {
    const f = scrubFrame(p, 0.75, 'interpolate');
    expect(f.t).toBe(0.75);
    expect([f.from, f.to]).toEqual([0, 1]);
    expect(f.weight).toBeCloseTo(0.5, 12);
    expect([...f.points]).toEqual([0.5, 0, 0, 5]);
    // A quarter of the way from the t = 0.5 snapshot to the t = 0 one.
    expect([...scrubFrame(p, 0.375, 'interpolate').points]).toEqual([1.25, 0, 0, 12.5]);
  });

  it('snaps to the first snapshot at or after t in sampling order (t falls while sampling)', () => {
    const f = scrubFrame(p, 0.75, 'snap');
    expect([f.t, f.from, f.to]).toEqual([0.5, 1, 1]);
    expect([...f.points]).toEqual([1, 0, 0, 10]);
    expect(scrubFrame(p, 0.5, 'snap').from).toBe(1);
    expect(scrubFrame(p, 0.4999, 'snap').from).toBe(2);
  });

  it('clamps outside its times to its first or last snapshot, with that snapshot’s time', () => {
    expect(scrubFrame(traj([0.9, 0.1]), 1, 'interpolate')).toMatchObject({ t: expect.closeTo(0.9, 6), from: 0, to: 0 });
    expect(scrubFrame(traj([0.9, 0.1]), 0, 'interpolate')).toMatchObject({ t: expect.closeTo(0.1, 6), from: 1, to: 1 });
  });

  it('follows rising times (Langevin steps) the other way', () => {
    const f = scrubFrame(traj([0, 10, 20], 'step'), 15, 'snap');
    expect([f.t, f.from]).toEqual([20, 2]);
  });

  it('interpolates σ in log σ', () => {
    const f = scrubFrame(traj([50, 5, 0.5], 'σ'), Math.sqrt(50 * 5), 'interpolate', true);
    expect(f.weight).toBeCloseTo(0.5, 6);
  });
});

describe('the shared time axis', () => {
  it('is the range every trajectory covers, so each view can sit at exactly t', () => {
    const axis = timeAxis('t', [traj([1, 0.5, 0]), traj([1, 0.3, 0.001])])!;
    expect(axis).toMatchObject({ start: 1, end: expect.closeTo(0.001, 6), log: false, disjoint: false });
    expect(timeAt(axis, 0)).toBe(1);
    expect(timeAt(axis, 1)).toBeCloseTo(0.001, 6);
    expect(positionOf(axis, timeAt(axis, 0.3))).toBeCloseTo(0.3, 12);
  });

  it('falls back to the union when the ranges do not meet', () => {
    expect(timeAxis('t', [traj([1, 0.6]), traj([0.4, 0])])).toMatchObject({ start: 1, end: 0, disjoint: true });
  });

  it('runs σ on a log scale', () => {
    const axis = timeAxis('σ', [traj([80, 8, 0.002], 'σ')])!;
    expect(axis.log).toBe(true);
    expect(timeAt(axis, 0.5)).toBeCloseTo(Math.sqrt(80 * 0.002), 4);
  });
});
