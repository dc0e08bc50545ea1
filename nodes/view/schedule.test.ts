import { describe, expect, it } from 'vitest';
import type { LinesPreview } from '../../src/engine/preview';
import { runNode } from '../../src/engine/testing';
import type { Series } from '../../src/engine/values';
import type { Schedule } from '../lib/schedule';
import scheduleView from './schedule';

/** A hand-made VP path a = cos(πt/2), s = sin(πt/2): SNR = cot²(πt/2), infinite at t = 0. */
const cosinePath = {
  name: 'test-cosine',
  family: 'vp',
  a: (t: number) => Math.cos((Math.PI * t) / 2),
  s: (t: number) => Math.sin((Math.PI * t) / 2),
} as unknown as Schedule;

describe('view/schedule', () => {
  it('plots a(t), s(t) and log10 SNR(t) on [0, 1], leaving out the infinite SNR at t = 0', async () => {
    const { preview, snr } = (await runNode(scheduleView, { schedule: cosinePath }, { points: 201 })) as { preview: LinesPreview; snr: Series };
    expect(preview.kind).toBe('lines');
    expect(preview.series.map((s) => s.name)).toEqual(['a(t)', 's(t)', 'log10 SNR(t)']);
    const [a, s, logSnr] = preview.series;
    expect(a.x.length).toBe(201);
    expect([a.x[0], a.x[100], a.x[200]]).toEqual([0, 0.5, 1]);
    expect(a.y[100]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(s.y[200]).toBeCloseTo(1, 6);
    expect(logSnr.x.length).toBe(200);
    expect(logSnr.x[0]).toBeCloseTo(0.005, 7);
    // At t = 1/2: a = s, log10 SNR = 0; at t = 1/4: cot²(π/8) = (1 + √2)².
    expect(snr.x.length).toBe(200);
    expect(snr.y[99]).toBeCloseTo(0, 6);
    expect(snr.x[49]).toBe(0.25);
    expect(snr.y[49]).toBeCloseTo(2 * Math.log10(1 + Math.SQRT2), 12);
    expect(snr).toMatchObject({ name: 'log10 SNR(t)', xLabel: 't' });
  });

  it('gives the SNR itself when logSnr is off', async () => {
    const { snr } = (await runNode(scheduleView, { schedule: cosinePath }, { points: 3, logSnr: false })) as { snr: Series };
    // t = 0.5: SNR = 1; t = 1: cot²(π/2) ≈ 3.7e-33 (a rounds to 6e-17, not 0).
    expect(snr.x).toEqual([0.5, 1]);
    expect(snr.y[0]).toBeCloseTo(1, 12);
    expect(snr.y[1]).toBeLessThan(1e-30);
  });
});
