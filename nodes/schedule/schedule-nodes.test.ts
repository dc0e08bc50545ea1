import { describe, expect, it } from 'vitest';
import { NodeRunError } from '../../src/engine/context';
import { runNode } from '../../src/engine/testing';
import type { Schedule } from '../lib/schedule';
import { cosineSchedule, karrasSchedule, linearSchedule, scaledLinearSchedule, veSchedule, vpSchedule } from '../lib/schedules';
import defs from './index';

const byType = Object.fromEntries(defs.map((d) => [d.type, d]));
const run = async (type: string, params: Record<string, unknown> = {}) => (await runNode(byType[type], {}, params)).schedule as Schedule;

describe('schedule nodes', () => {
  it('with default params give the reference schedules', async () => {
    const cases: [string, Schedule][] = [
      ['schedule/linear', linearSchedule()],
      ['schedule/cosine', cosineSchedule()],
      ['schedule/scaled-linear', scaledLinearSchedule()],
      ['schedule/vp', vpSchedule()],
      ['schedule/ve', veSchedule()],
      ['schedule/karras', karrasSchedule()],
    ];
    for (const [type, ref] of cases) {
      const sch = await run(type);
      expect(sch.name).toBe(ref.name);
      expect(sch.N).toBe(ref.N);
      expect(sch.alphaBars).toEqual(ref.alphaBars);
      expect(sch.sigmas).toEqual(ref.sigmas);
      expect(sch.a(0.42)).toBe(ref.a(0.42));
      expect(sch.s(0.42)).toBe(ref.s(0.42));
    }
  });

  it('passes params through', async () => {
    const sch = await run('schedule/linear', { T: 10, betaStart: 0.001, betaEnd: 0.1 });
    expect(sch.N).toBe(10);
    expect((sch.betas as Float64Array)[10]).toBeCloseTo(0.1, 15);
    expect((await run('schedule/karras', { N: 5, rho: 3 })).sigmas?.length).toBe(5);
  });

  it('refuses reversed ranges with an error naming the params', async () => {
    const reversed: [string, Record<string, unknown>, RegExp][] = [
      ['schedule/linear', { betaStart: 0.02, betaEnd: 0.01 }, /betaStart \(0\.02\) must be less than betaEnd \(0\.01\)/],
      ['schedule/scaled-linear', { betaStart: 0.1, betaEnd: 0.1 }, /betaStart.*betaEnd/],
      ['schedule/vp', { betaMin: 30 }, /betaMin \(30\) must be less than betaMax \(20\)/],
      ['schedule/ve', { sigmaMin: 60 }, /sigmaMin \(60\) must be less than sigmaMax \(50\)/],
      ['schedule/karras', { sigmaMax: 0.001 }, /sigmaMin.*sigmaMax/],
    ];
    for (const [type, params, message] of reversed) {
      const failure = run(type, params);
      await expect(failure).rejects.toThrow(NodeRunError);
      await expect(failure).rejects.toThrow(message);
    }
  });

  it('bounds every param', async () => {
    await expect(run('schedule/linear', { T: 10_001 })).rejects.toThrow();
    await expect(run('schedule/linear', { betaEnd: 1 })).rejects.toThrow();
    await expect(run('schedule/cosine', { maxBeta: 1 })).rejects.toThrow();
    await expect(run('schedule/vp', { N: 1 })).rejects.toThrow();
    await expect(run('schedule/ve', { sigmaMin: 0 })).rejects.toThrow();
    await expect(run('schedule/karras', { N: 20_000 })).rejects.toThrow();
  });
});
