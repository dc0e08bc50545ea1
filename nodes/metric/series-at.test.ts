import { describe, expect, it } from 'vitest';
import { NodeRunError } from '../../src/engine/context';
import { runNode } from '../../src/engine/testing';
import type { Series } from '../../src/engine/values';
import seriesAt from './series-at';

const curve = (x: number[], y: number[]): Series => ({ name: 'c', xLabel: 'x', yLabel: 'y', x, y });

describe('metric/series-at', () => {
  const series = curve([0, 0.5, 1], [2, 4, 0]);

  it('returns the value at a grid point and interpolates linearly between points', async () => {
    expect((await runNode(seriesAt, { series }, { x: 0 })).value).toBe(2);
    expect((await runNode(seriesAt, { series }, { x: 0.5 })).value).toBe(4);
    expect((await runNode(seriesAt, { series }, { x: 1 })).value).toBe(0);
    // A quarter of the way from (0, 2) to (0.5, 4): 2.5; 0.8 is 60% from (0.5, 4) to (1, 0): 1.6.
    expect((await runNode(seriesAt, { series }, { x: 0.125 })).value).toBeCloseTo(2.5, 12);
    expect((await runNode(seriesAt, { series }, { x: 0.8 })).value).toBeCloseTo(1.6, 12);
  });

  it('refuses x outside the curve, an empty curve and decreasing x', async () => {
    const outside = await runNode(seriesAt, { series }, { x: 1.5 }).catch((e: unknown) => e);
    expect(outside).toBeInstanceOf(NodeRunError);
    expect((outside as Error).message).toMatch(/outside the series’ range \[0, 1\]/);
    const empty = await runNode(seriesAt, { series: curve([], []) }).catch((e: unknown) => e);
    expect((empty as Error).message).toMatch(/empty/);
    const backwards = await runNode(seriesAt, { series: curve([1, 0], [0, 1]) }).catch((e: unknown) => e);
    expect((backwards as NodeRunError).port).toBe('series');
  });
});
