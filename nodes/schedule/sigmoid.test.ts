import { describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import type { Schedule } from '../lib/schedule';
import sigmoid from './sigmoid';

const run = async (params: Record<string, unknown> = {}) => (await runNode(sigmoid, {}, params)).schedule as Schedule;

/** Chen 2023's γ(t) written out independently: (σ(e/τ) − σ((t(e−b)+b)/τ)) / (σ(e/τ) − σ(b/τ)). */
function gamma(t: number, b: number, e: number, tau: number): number {
  const sig = (x: number) => Math.exp(x) / (1 + Math.exp(x));
  return (sig(e / tau) - sig((t * (e - b) + b) / tau)) / (sig(e / tau) - sig(b / tau));
}

describe('schedule/sigmoid', () => {
  it('has ᾱ_i = γ(i/T) of the closed form wherever β is not clipped', async () => {
    for (const [b, e, tau] of [
      [-3, 3, 1],
      [0, 3, 0.3],
      [-3, 3, 1.1],
    ]) {
      const sch = await run({ T: 1000, start: b, end: e, tau });
      const ab = sch.alphaBars as Float64Array;
      expect(ab[0]).toBe(1);
      for (const i of [1, 10, 250, 500, 750, 990, 999]) expect(Math.abs(ab[i] - gamma(i / 1000, b, e, tau)) / ab[i]).toBeLessThan(1e-9);
      // The path matches the chain at the grid points: a(t_i)² = ᾱ_i.
      expect(sch.a(0.25) ** 2).toBeCloseTo(ab[250], 12);
    }
  });

  it('is symmetric for b = −e: ᾱ = ½ at t = T/2, and ᾱ_{T/2−k} + ᾱ_{T/2+k} = 1', async () => {
    const ab = (await run({ T: 1000 })).alphaBars as Float64Array;
    expect(ab[500]).toBeCloseTo(0.5, 12);
    for (const k of [1, 100, 400]) expect(ab[500 - k] + ab[500 + k]).toBeCloseTo(1, 12);
  });

  it('clips the last β at maxBeta (γ(1) = 0 would make β_T = 1)', async () => {
    const sch = await run({ T: 100, maxBeta: 0.999 });
    const betas = sch.betas as Float64Array;
    expect(betas[100]).toBe(0.999);
    expect(betas[99]).toBeLessThan(0.999);
    expect(sch.family).toBe('vp');
    expect(sch.discrete).toBe(true);
  });

  it('refuses end ≤ start naming both params', async () => {
    await expect(run({ start: 2, end: 1 })).rejects.toThrow('start (2) must be less than end (1)');
  });
});
