import { describe, expect, it } from 'vitest';
import { NodeRunError } from '../../src/engine/context';
import type { LinesPreview } from '../../src/engine/preview';
import { runNode } from '../../src/engine/testing';
import type { Series } from '../../src/engine/values';
import seriesView from './series';

describe('view/series', () => {
  it('plots a long loss curve thinned to maxPoints, keeping both ends', async () => {
    const n = 20_000;
    const loss: Series = { name: 'loss', xLabel: 'step', yLabel: 'DSM loss', x: Array.from({ length: n }, (_, i) => i + 1), y: Array.from({ length: n }, (_, i) => 1 / (i + 1)) };
    const { preview } = (await runNode(seriesView, { series: loss }, { logY: true })) as { preview: LinesPreview };
    expect(preview).toMatchObject({ kind: 'lines', xLabel: 'step', yLabel: 'DSM loss', logY: true, title: 'loss' });
    const [line] = preview.series;
    expect(line.x.length).toBe(2000);
    expect([line.x[0], line.x[1999]]).toEqual([1, n]);
    expect(line.y[1999]).toBeCloseTo(1 / n, 9);
  });

  it('marks a log-log plot (logX and logY) and leaves the axes linear by default', async () => {
    const errors: Series = { name: 'heun', xLabel: 'NFE', yLabel: 'RMS error', x: [48, 96, 192], y: [7e-3, 1.9e-3, 4.9e-4] };
    const loglog = ((await runNode(seriesView, { series: errors }, { logX: true, logY: true })) as { preview: LinesPreview }).preview;
    expect(loglog).toMatchObject({ logX: true, logY: true });
    const linear = ((await runNode(seriesView, { series: errors })) as { preview: LinesPreview }).preview;
    expect(linear.logX).toBeUndefined();
    expect(linear.logY).toBeUndefined();
  });

  it('refuses a series whose x and y differ in length', async () => {
    const err = await runNode(seriesView, { series: { name: 'bad', xLabel: '', yLabel: '', x: [1, 2], y: [1] } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeRunError);
    expect((err as NodeRunError).port).toBe('series');
  });
});
