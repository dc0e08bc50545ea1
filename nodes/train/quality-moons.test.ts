import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toy2d } from '../lib/toy2d';
import { veSchedule, vpSchedule } from '../lib/schedules';
import ddpm from '../sampler/ddpm';
import pfOde from '../sampler/pf-ode';
import { trainToy, type TrainedToy } from './quality';

/**
 * A score MLP trained by DSM on moons under the VP path, sampled on that path and on the VE
 * path: the network sees (x/a, s/a), so the same weights serve both. The bar is 3× the SW₂
 * between two data draws (the criterion); measured ratios (seeds as here): DDPM 1.02,
 * Heun on VP 0.97, Heun on VE 0.97.
 */
const vp = vpSchedule({ N: 250 });
let toy: TrainedToy;
beforeAll(async () => {
  toy = await trainToy(toy2d('moons'), vp);
});
afterAll(() => toy.dispose());

describe('a score MLP trained on moons (VP path)', () => {
  it('samples with DDPM (250 steps) within 3× the data-to-data SW₂', async () => {
    expect(await toy.rateSampler(ddpm, vp, {})).toBeLessThan(3);
  });
  it('samples with the probability-flow ODE (Heun, 50 steps) within 3×', async () => {
    expect(await toy.rateSampler(pfOde, vp, { method: 'heun', steps: 50 })).toBeLessThan(3);
  });
  it('samples on the VE path (σ from 50 to 0.01, probability-flow ODE) within 3×: one net, any schedule', async () => {
    expect(await toy.rateSampler(pfOde, veSchedule(), { method: 'heun', steps: 50 }, 50)).toBeLessThan(3);
  });
});
