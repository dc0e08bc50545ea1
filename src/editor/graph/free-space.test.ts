import { describe, expect, it } from 'vitest';
import { freeSpot, GAP, type Box } from './free-space';

const size = { width: 256, height: 200 };
const touches = (a: Box, b: Box) => a.x < b.x + b.width + GAP && b.x < a.x + a.width + GAP && a.y < b.y + b.height + GAP && b.y < a.y + a.height + GAP;

describe('free space for a new node', () => {
  it('keeps the wanted place when it covers no node, even snug against one', () => {
    expect(freeSpot({ x: 0, y: 0 }, size, [{ x: 400, y: 0, width: 256, height: 200 }])).toEqual({ x: 0, y: 0 });
    expect(freeSpot({ x: 260, y: 0 }, size, [{ x: 0, y: 0, width: 256, height: 200 }])).toEqual({ x: 260, y: 0 });
    expect(freeSpot({ x: 250, y: 0 }, size, [{ x: 0, y: 0, width: 256, height: 200 }])).toEqual({ x: 250, y: 0 }); // a 6-unit sliver
  });

  it('moves a drop on top of a node just clear of it, by the shortest way', () => {
    const other: Box = { x: 0, y: 0, width: 256, height: 200 };
    const spot = freeSpot({ x: 20, y: 0 }, size, [other]);
    expect(touches({ ...spot, ...size }, other)).toBe(false);
    // Nearest free grid points: 200 + 20 = 220 below (distance 220) beats 256 + 20 − 20 = 256 to the right.
    expect(spot).toEqual({ x: 20, y: 220 });
  });

  it('finds a hole among many nodes and never lands on one', () => {
    const boxes: Box[] = [];
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) if (!(i === 2 && j === 2)) boxes.push({ x: i * 300, y: j * 240, width: 256, height: 200 });
    const spot = freeSpot({ x: 600, y: 400 }, { width: 200, height: 150 }, boxes);
    expect(boxes.some((b) => touches({ ...spot, width: 200, height: 150 }, b))).toBe(false);
    expect(Math.hypot(spot.x - 600, spot.y - 480)).toBeLessThan(60); // the hole at (600, 480)
  });
});
