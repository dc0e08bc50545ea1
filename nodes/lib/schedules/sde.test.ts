import { describe, expect, it } from 'vitest';
import type { Schedule } from '../schedule';
import { cosineSchedule, flowSchedule, karrasSchedule, linearSchedule, scaledLinearSchedule, veSchedule, vpSchedule } from './index';

const all: Schedule[] = [linearSchedule(), cosineSchedule(), scaledLinearSchedule(), vpSchedule(), veSchedule(), karrasSchedule(), flowSchedule()];
// Interior times; for discrete schedules (T = 1000) each lies mid-interval, 5e-4 from a grid point.
const times = [0.0125, 0.1035, 0.3705, 0.5005, 0.8315, 0.9985];

describe.each(all.map((s) => [s.name, s] as const))('%s: the SDE matches the path', (_name, sch) => {
  it('f = d log a/dt and g² = d(s²)/dt − 2 f s² (central finite differences)', () => {
    // h = 1e-6 stays inside one discrete interval; truncation O(h²) ≈ 1e-12 relative and
    // rounding ≈ 1e-16·|log a|/h ≈ 1e-9, so 1e-6 relative (plus a floor for f = 0) is ample.
    const h = 1e-6;
    for (const t of times) {
      const dLogA = (Math.log(sch.a(t + h)) - Math.log(sch.a(t - h))) / (2 * h);
      const dS2 = (sch.s(t + h) ** 2 - sch.s(t - h) ** 2) / (2 * h);
      const g2 = dS2 - 2 * dLogA * sch.s(t) ** 2;
      expect(Math.abs(sch.f(t) - dLogA)).toBeLessThan(1e-6 * Math.abs(dLogA) + 1e-9);
      expect(Math.abs(sch.g2(t) - g2)).toBeLessThan(1e-6 * Math.abs(g2));
      expect(sch.g2(t)).toBeGreaterThan(0);
    }
  });

  it('tOfSigma inverts σ(t) = s/a', () => {
    for (const t of [...times, 1]) {
      const sigma = sch.s(t) / sch.a(t);
      expect(Math.abs(sch.tOfSigma(sigma) - t)).toBeLessThan(1e-9);
    }
    expect(sch.tOfSigma(1e12)).toBe(1); // clamped beyond the noisiest level
  });

  it('levels go from the noisiest to the cleanest and lie on the path', () => {
    const levels = sch.levels();
    expect(levels.length).toBe(sch.N);
    for (let k = 1; k < levels.length; k++) {
      expect(levels[k].s / levels[k].a).toBeLessThan(levels[k - 1].s / levels[k - 1].a);
      expect(levels[k].t).toBeLessThan(levels[k - 1].t);
    }
    for (const l of levels) {
      expect(Math.abs(sch.a(l.t) - l.a)).toBeLessThan(1e-12);
      expect(Math.abs(sch.s(l.t) - l.s)).toBeLessThan(1e-12 * Math.max(1, l.s));
    }
  });
});

describe.each([linearSchedule(), cosineSchedule(), scaledLinearSchedule()].map((s) => [s.name, s] as const))(
  '%s: the continuous path interpolates the DDPM chain',
  (_name, sch) => {
    it('a(i/T) = sqrt(ᾱ_i) and s(i/T) = sqrt(1 − ᾱ_i) at every grid point; levels i = T…1', () => {
      const ab = sch.alphaBars as Float64Array;
      const T = sch.N;
      for (let i = 0; i <= T; i++) {
        expect(Math.abs(sch.a(i / T) / Math.sqrt(ab[i]) - 1)).toBeLessThan(1e-12);
        expect(Math.abs(sch.s(i / T) - Math.sqrt(1 - ab[i]))).toBeLessThan(1e-12);
      }
      const levels = sch.levels();
      expect(levels[0]).toEqual({ i: T, t: 1, a: Math.sqrt(ab[T]), s: Math.sqrt(1 - ab[T]) });
      expect(levels[T - 1]).toEqual({ i: 1, t: 1 / T, a: Math.sqrt(ab[1]), s: Math.sqrt(1 - ab[1]) });
      // Between grid points log ᾱ is linear: β(t) = −T·log(1 − β_i) on (t_{i−1}, t_i].
      const b = sch.betas as Float64Array;
      expect(Math.abs(sch.g2(0.3705) / (-T * Math.log1p(-b[371])) - 1)).toBeLessThan(1e-9);
    });
  },
);

describe('flow: the rectified-flow path', () => {
  it('is the straight line a = 1 − τ, s = τ (τ = τ_max·t), whose probability-flow drift is the velocity ε̂ − x̂_0 per unit τ', () => {
    const sch = flowSchedule({ tauMax: 0.99 });
    for (const t of times) {
      const tau = 0.99 * t;
      expect(sch.a(t)).toBeCloseTo(1 - tau, 15);
      expect(sch.s(t)).toBeCloseTo(tau, 15);
      // For any x and score S: f x − ½g² S = τ_max (ε̂ − x̂_0) with ε̂ = −sS, x̂_0 = (x + s²S)/a.
      const [x, S] = [0.37, -1.9];
      const [a, s] = [sch.a(t), sch.s(t)];
      const velocity = 0.99 * (-s * S - (x + s * s * S) / a);
      expect(Math.abs(sch.f(t) * x - 0.5 * sch.g2(t) * S - velocity)).toBeLessThan(1e-12 * Math.max(1, Math.abs(velocity)));
    }
    expect(sch.priorStd).toBe(0.99);
    expect(() => flowSchedule({ tauMax: 1 })).toThrow(/tauMax/);
  });
});
