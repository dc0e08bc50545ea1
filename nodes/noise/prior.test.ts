import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import { karrasSchedule, linearSchedule, veSchedule } from '../lib/schedules';
import prior from './prior';

describe('noise/prior', () => {
  it.each([
    ['linear (VP)', linearSchedule(), 1],
    ['VE', veSchedule(), 50],
    ['Karras', karrasSchedule(), 80],
  ])('draws N(0, priorStd² I) for %s', async (_name, schedule, std) => {
    const before = tf.memory().numTensors;
    const n = 20_000;
    const { x } = (await runNode(prior, { schedule }, { n, dim: 2 }, { seed: 5 })) as { x: tf.Tensor2D };
    expect(x.shape).toEqual([n, 2]);
    const v = await x.data();
    let mean = 0;
    let sq = 0;
    for (const e of v) {
      mean += e / v.length;
      sq += (e * e) / v.length;
    }
    // 5 standard errors over 2n draws: std/sqrt(2n) for the mean, std²·sqrt(2/(2n)) for E[x²].
    expect(Math.abs(mean)).toBeLessThan((5 * std) / Math.sqrt(2 * n));
    expect(Math.abs(sq - std * std)).toBeLessThan(5 * std * std * Math.sqrt(1 / n));
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
