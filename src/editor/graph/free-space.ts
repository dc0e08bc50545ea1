/** An axis-aligned box on the canvas (flow units). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The space kept between a placed node and its neighbours. */
export const GAP = 20;
/** How far a wanted place may overlap a neighbour and still be kept (flow units). */
export const SLIVER = 12;

function overlaps(a: Box, b: Box, gap: number): boolean {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
}

/**
 * The free place nearest to `want` for a box of `size`: `want` itself when it covers no
 * other box by more than SLIVER (the user chose it, even snug against a neighbour), else the closest point of a
 * grid of `step` around it (searched ring by ring, nearest by Euclidean distance; ties go
 * down, then right) where the box keeps GAP from every other box.
 */
export function freeSpot(want: { x: number; y: number }, size: { width: number; height: number }, boxes: readonly Box[], step = 20, maxRings = 60): { x: number; y: number } {
  // A sliver of overlap (a pointer a few pixels off a neighbour's edge) is no reason to move.
  if (!boxes.some((b) => overlaps({ ...want, ...size }, b, -SLIVER))) return want;
  const fits = (x: number, y: number) => !boxes.some((b) => overlaps({ x, y, ...size }, b, GAP));
  /** The nearest free point on the square ring `ring` steps out, if it beats `best`. */
  const onRing = (ring: number, best: { i: number; j: number; d: number } | null) => {
    for (let j = ring; j >= -ring; j--) {
      for (let i = ring; i >= -ring; i--) {
        if (Math.max(Math.abs(i), Math.abs(j)) !== ring) continue;
        const d = i * i + j * j;
        if ((!best || d < best.d) && fits(want.x + i * step, want.y + j * step)) best = { i, j, d };
      }
    }
    return best;
  };
  for (let ring = 1; ring <= maxRings; ring++) {
    const found = onRing(ring, null);
    if (!found) continue;
    // A point of the next ring can be nearer than this ring's corners.
    const best = onRing(ring + 1, found)!;
    return { x: want.x + best.i * step, y: want.y + best.j * step };
  }
  return want;
}
