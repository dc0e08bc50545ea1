import { describe, expect, it } from 'vitest';
import { cosineSchedule, karrasSchedule, linearSchedule, scaledLinearSchedule, veSchedule, vpSchedule } from './index';

/** Relative difference, for asserting float64 results that should agree to rounding. */
const rel = (x: number, y: number) => Math.abs(x - y) / Math.max(Math.abs(y), 1e-300);

describe('discrete DDPM schedules: values at both ends', () => {
  it('linear (Ho et al.): β_1 = 1e-4, β_T = 0.02, ᾱ_T ≈ 4.04e-5', () => {
    const sch = linearSchedule();
    const { betas, alphaBars } = sch as Required<typeof sch>;
    expect(betas.length).toBe(1001);
    expect(betas[0]).toBe(0);
    expect(alphaBars[0]).toBe(1);
    expect(rel(betas[1], 1e-4)).toBeLessThan(1e-12);
    expect(rel(betas[1000], 0.02)).toBeLessThan(1e-12);
    // Independent float64 loop over β_k = 1e-4 + k·(0.02 − 1e-4)/999 (summing logs, not multiplying).
    let logAb = 0;
    for (let k = 0; k < 1000; k++) logAb += Math.log1p(-(1e-4 + (k * (0.02 - 1e-4)) / 999));
    expect(rel(alphaBars[1000], Math.exp(logAb))).toBeLessThan(1e-10); // 1000 roundings of ~1e-16 each
    expect(rel(alphaBars[1000], 4.04e-5)).toBeLessThan(2e-3); // the often-quoted 4.04e-5 has 3 digits
    expect(sch.family).toBe('vp');
    expect(sch.discrete).toBe(true);
    expect(sch.priorStd).toBe(1);
  });

  it('cosine (Nichol & Dhariwal): ᾱ_1 = f(1)/f(0), the last β clipped to 0.999', () => {
    const sch = cosineSchedule();
    const { betas, alphaBars } = sch as Required<typeof sch>;
    const T = 1000;
    const f = (i: number) => Math.cos(((i / T + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
    expect(rel(alphaBars[1], f(1) / f(0))).toBeLessThan(1e-12);
    // 1 − f(T)/f(T−1) = 1 − ~1e-32/… rounds to 1, so it is clipped.
    expect(betas[T]).toBe(0.999);
    expect(betas[T - 1]).toBeLessThan(0.999); // only the last step is clipped
    // No clipping before T, so ᾱ telescopes to f(T−1)/f(0) and the last step multiplies by 0.001.
    expect(rel(alphaBars[T - 1], f(T - 1) / f(0))).toBeLessThan(1e-9);
    expect(rel(alphaBars[T], 0.001 * f(T - 1) / f(0))).toBeLessThan(1e-9);
  });

  it('scaled-linear (Stable Diffusion): β linear in sqrt space', () => {
    const { betas } = scaledLinearSchedule() as Required<ReturnType<typeof scaledLinearSchedule>>;
    expect(rel(betas[1], 0.00085)).toBeLessThan(1e-12);
    expect(rel(betas[1000], 0.012)).toBeLessThan(1e-12);
    // With T = 3 the middle β is the square of the mean of the square roots.
    const mid = (scaledLinearSchedule({ T: 3 }).betas as Float64Array)[2];
    expect(rel(mid, ((Math.sqrt(0.00085) + Math.sqrt(0.012)) / 2) ** 2)).toBeLessThan(1e-12);
  });
});

describe('continuous schedules: values at both ends', () => {
  it('VP: a(1) = exp(−½·0.1 − ¼·19.9), and the discretised ᾱ_N close to a(1)²', () => {
    const sch = vpSchedule();
    expect(rel(sch.a(1), Math.exp(-0.5 * 0.1 - 0.25 * 19.9))).toBeLessThan(1e-14);
    expect(sch.a(0)).toBe(1);
    expect(sch.s(0)).toBe(0);
    expect(rel(sch.s(1), Math.sqrt(1 - Math.exp(-0.1 - 0.5 * 19.9)))).toBeLessThan(1e-14);
    const { betas, alphaBars } = sch as Required<typeof sch>;
    expect(rel(betas[1], 0.1 / 1000)).toBeLessThan(1e-12);
    expect(rel(betas[1000], 20 / 1000)).toBeLessThan(1e-12);
    // Σβ_i = β_min + ½(β_max − β_min) = −log a(1)², so log(ᾱ_N / a(1)²) = Σ log(1−β_i) + Σβ_i
    // = −½Σβ_i² − ⅓Σβ_i³ − …: about −0.067, i.e. ᾱ_N is within 7% of a(1)² (an O(1/N) gap).
    let sq = 0;
    for (let i = 1; i <= 1000; i++) sq += betas[i] ** 2;
    const gap = Math.log(alphaBars[1000] / sch.a(1) ** 2);
    expect(Math.abs(gap + 0.5 * sq)).toBeLessThan(2e-3); // ⅓Σβ³ ≈ 1e-3
    expect(Math.abs(gap)).toBeLessThan(0.08);
    // f = −½β(t), g² = β(t) in closed form.
    expect(rel(sch.f(0.3), -0.5 * (0.1 + 0.3 * 19.9))).toBeLessThan(1e-14);
    expect(rel(sch.g2(0.3), 0.1 + 0.3 * 19.9)).toBeLessThan(1e-14);
  });

  it('VE: σ(0) = σ_min, σ(1) = σ_max, geometric levels from σ_max to σ_min', () => {
    const sch = veSchedule();
    expect(sch.s(0)).toBe(0.01);
    expect(sch.s(1)).toBe(50);
    expect(sch.a(0.4)).toBe(1);
    expect(sch.priorStd).toBe(50);
    const sigmas = sch.sigmas as Float64Array;
    expect(sigmas.length).toBe(1000);
    expect(sigmas[0]).toBe(50);
    expect(sigmas[999]).toBe(0.01);
    const ratio = (0.01 / 50) ** (1 / 999);
    for (let k = 0; k < 999; k++) expect(rel(sigmas[k + 1] / sigmas[k], ratio)).toBeLessThan(1e-12);
    expect(rel(sch.g2(0.7), 2 * sch.s(0.7) ** 2 * Math.log(5000))).toBeLessThan(1e-14);
  });

  it('Karras: grid ends 80 and 0.002, ρ-spacing in the middle', () => {
    const sch = karrasSchedule();
    const sigmas = sch.sigmas as Float64Array;
    expect(sigmas.length).toBe(18);
    expect(rel(sigmas[0], 80)).toBeLessThan(1e-13);
    expect(rel(sigmas[17], 0.002)).toBeLessThan(1e-13);
    // EDM eq. (5) at i = 9 of N = 18, written independently.
    const edm = (i: number) => (80 ** (1 / 7) + (i / 17) * (0.002 ** (1 / 7) - 80 ** (1 / 7))) ** 7;
    expect(rel(sigmas[9], edm(9))).toBeLessThan(1e-13);
    expect(sigmas[9]).toBeCloseTo(1.925, 2); // by hand: (1.8704 − (9/17)(1.8704 − 0.4116))^7
    expect(sch.family).toBe('ve');
    expect(sch.levels().map((l) => l.s)).toEqual(Array.from(sigmas));
    expect(sch.levels()[0]).toMatchObject({ i: 1, t: 1, a: 1 });
  });
});
