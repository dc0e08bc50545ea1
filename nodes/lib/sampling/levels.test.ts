import { describe, expect, it } from 'vitest';
import { karrasSchedule, linearSchedule, veSchedule, vpSchedule } from '../schedules';
import { ddimIndices, linspace } from './grids';
import { loopLevels, type LevelParams } from './levels';

const base: LevelParams = { grid: 'chain', steps: 10, spacing: 'leading', tEnd: 1e-3, sigma: 0.3, repeat: 1 };

describe('loopLevels: each grid as its whole sampler walks it', () => {
  it('chain: every DDPM step i = T…1 → i − 1 with the chain’s ᾱ_i (sampler/ddpm)', () => {
    const sch = linearSchedule();
    const ab = sch.alphaBars!;
    const plan = loopLevels(sch, base);
    expect(plan.count).toBe(1000);
    expect(plan.at(0)).toMatchObject({ k: 0, i: 1000, iNext: 999, t: 1, tNext: 0.999, a: Math.sqrt(ab[1000]), s: Math.sqrt(1 - ab[1000]), last: false, timeLabel: 't' });
    expect(plan.at(999)).toMatchObject({ i: 1, iNext: 0, t: 0.001, tNext: 0, last: true, sLast: Math.sqrt(1 - ab[1]) });
    // Times exactly as sampler/ddpm's (T − j)/T.
    for (const k of [1, 137, 500]) expect(plan.at(k).t).toBe((1000 - k) / 1000);
  });

  it('ddim: ddimIndices(T, steps, spacing), then ᾱ_0 = 1 (sampler/ddim); steps > T refused', () => {
    const sch = linearSchedule({ T: 100 });
    const plan = loopLevels(sch, { ...base, grid: 'ddim', steps: 7, spacing: 'trailing' });
    const idx = [...ddimIndices(100, 7, 'trailing'), 0];
    expect(plan.count).toBe(7);
    for (let k = 0; k < 7; k++) expect(plan.at(k)).toMatchObject({ i: idx[k], iNext: idx[k + 1], t: idx[k] / 100, a: Math.sqrt(sch.alphaBars![idx[k]]) });
    expect(plan.at(6)).toMatchObject({ iNext: 0, last: true });
    expect(() => loopLevels(sch, { ...base, grid: 'ddim', steps: 101 })).toThrow(expect.objectContaining({ port: 'schedule', message: expect.stringMatching(/steps \(101\) exceeds the schedule’s T = 100/) }));
  });

  it('time: t_k = linspace(1, tEnd, steps) on the continuous path (reverse SDE, PC, PF-ODE)', () => {
    const sch = vpSchedule();
    const plan = loopLevels(sch, { ...base, grid: 'time', steps: 8, tEnd: 0.01 });
    const g = linspace(1, 0.01, 8);
    for (let k = 0; k < 8; k++) expect(plan.at(k)).toMatchObject({ t: g[k], tNext: g[k + 1], a: sch.a(g[k]), s: sch.s(g[k]) });
    expect(plan.at(7)).toMatchObject({ tNext: 0.01, last: true, sLast: sch.s(g[7]) });
    expect(plan.at(3).i).toBeUndefined();
  });

  it('sigmas: each VE level `repeat` times at a = 1, s = σ_j, moving to σ_{j+1} and finally 0', () => {
    const sch = veSchedule({ N: 3 });
    const sig = sch.sigmas!;
    const plan = loopLevels(sch, { ...base, grid: 'sigmas', repeat: 4 });
    expect(plan.count).toBe(12);
    expect(plan.timeLabel).toBe('σ');
    expect(plan.at(5)).toMatchObject({ k: 5, t: sig[1], tNext: sig[2], a: 1, s: sig[1], sLast: sig[2] });
    expect(plan.at(11)).toMatchObject({ t: sig[2], tNext: 0, last: true });
    // Karras: EDM's grid, then σ = 0.
    const kp = loopLevels(karrasSchedule({ N: 5 }), { ...base, grid: 'sigmas' });
    expect([0, 1, 2, 3, 4].map((k) => kp.at(k).tNext)).toEqual([...karrasSchedule({ N: 5 }).sigmas!.slice(1), 0]);
  });

  it('fixed: `steps` passes at the VE point a = 1, s = σ, counting steps (sampler/langevin); needs no schedule', () => {
    const plan = loopLevels(undefined, { ...base, grid: 'fixed', steps: 5, sigma: 0.3 });
    expect(plan.count).toBe(5);
    expect(plan.at(2)).toMatchObject({ t: 2, tNext: 3, a: 1, s: 0.3, sLast: 0.3, timeLabel: 'step', last: false });
  });

  it('names the schedule port when a grid needs a schedule it did not get', () => {
    expect(() => loopLevels(undefined, { ...base, grid: 'time' })).toThrow(expect.objectContaining({ port: 'schedule', message: expect.stringMatching(/time grid walks the continuous path/) }));
    expect(() => loopLevels(veSchedule(), base)).toThrow(/the chain grid needs a variance-preserving schedule/);
    expect(() => loopLevels(vpSchedule(), { ...base, grid: 'sigmas' })).toThrow(/the sigmas grid needs a variance-exploding schedule/);
  });
});
