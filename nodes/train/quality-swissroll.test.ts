import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toy2d } from '../lib/toy2d';
import { vpSchedule } from '../lib/schedules';
import ddpm from '../sampler/ddpm';
import pfOde from '../sampler/pf-ode';
import { trainToy, type TrainedToy } from './quality';

/** As quality-moons.test.ts on swissroll; measured ratios: DDPM 1.74, Heun 1.64. */
const vp = vpSchedule({ N: 250 });
let toy: TrainedToy;
beforeAll(async () => {
  toy = await trainToy(toy2d('swissroll'), vp);
});
afterAll(() => toy.dispose());

describe('a score MLP trained on swissroll (VP path)', () => {
  it('samples with DDPM (250 steps) within 3× the data-to-data SW₂', async () => {
    expect(await toy.rateSampler(ddpm, vp, {})).toBeLessThan(3);
  });
  it('samples with the probability-flow ODE (Heun, 50 steps) within 3×', async () => {
    expect(await toy.rateSampler(pfOde, vp, { method: 'heun', steps: 50 })).toBeLessThan(3);
  });
});
