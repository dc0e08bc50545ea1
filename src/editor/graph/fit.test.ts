import { describe, expect, it } from 'vitest';
import { FIT_VIEW, firstNoteFrame, fitViewport, unionBox } from './fit';

/** Where a flow point lands on screen under a viewport. */
const screen = (v: { x: number; y: number; zoom: number }, p: { x: number; y: number }) => ({ x: p.x * v.zoom + v.x, y: p.y * v.zoom + v.y });

describe('fitting the view', () => {
  it('never zooms past 1 for a small graph, and centres it in the visible area', () => {
    const v = fitViewport({ x: 100, y: 50, width: 256, height: 200 }, { left: 0, width: 1000, height: 700 });
    expect(v.zoom).toBe(1);
    const c = screen(v, { x: 100 + 128, y: 50 + 100 });
    expect(c.x).toBeCloseTo(500, 9);
    expect(c.y).toBeCloseTo(350, 9);
  });

  it('fits a large graph with the padding on its tighter side, right of a docked panel', () => {
    const bounds = { x: -500, y: 0, width: 4000, height: 1000 };
    const area = { left: 380, width: 620, height: 700 };
    const v = fitViewport(bounds, area);
    expect(v.zoom).toBeCloseTo((620 * (1 - 2 * FIT_VIEW.padding)) / 4000, 12);
    const left = screen(v, { x: -500, y: 0 }).x;
    const right = screen(v, { x: 3500, y: 0 }).x;
    expect(left).toBeCloseTo(380 + 620 * FIT_VIEW.padding, 9);
    expect(right).toBeCloseTo(1000 - 620 * FIT_VIEW.padding, 9);
  });

  it('top-aligns a frame that is wider than tall, one margin from the top', () => {
    const v = fitViewport({ x: 0, y: -1100, width: 660, height: 300 }, { left: 380, width: 500, height: 600 }, FIT_VIEW, 'top');
    expect(screen(v, { x: 0, y: -1100 }).y).toBeCloseTo(600 * FIT_VIEW.padding, 9);
  });

  it('frames a first note with the nodes below it, not the rest', () => {
    const note = { x: 0, y: -1100, width: 660, height: 500 };
    const under = { x: 300, y: -400, width: 256, height: 200 };
    const beside = { x: 2000, y: -1100, width: 256, height: 200 };
    const far = { x: 0, y: 900, width: 256, height: 200 };
    expect(firstNoteFrame(note, [under, beside, far])).toEqual(unionBox([note, under]));
    expect(unionBox([note, under])).toEqual({ x: 0, y: -1100, width: 660, height: 900 });
  });
});
