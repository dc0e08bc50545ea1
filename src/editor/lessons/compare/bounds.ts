import { extentOf, type Bounds } from '../../draw/frame';

const NICE = [1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/** The smallest of 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8 (× 10^k) at or above v > 0. */
export function niceCeil(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return p * NICE.find((m) => m * p >= v * (1 - 1e-12))!;
}

/**
 * A square box holding every finite point of the sets, with a nice half-width and a
 * centre on a multiple of half of it: shared by all panels, and it moves in steps as t
 * changes (so the score field's grid is not recomputed for every slider pixel).
 */
export function sharedBounds(sets: readonly (Float32Array | undefined)[]): Bounds {
  const [x0, y0, x1, y1] = extentOf(sets);
  if (!Number.isFinite(x0)) return [-1, -1, 1, 1];
  let half = niceCeil((Math.max(x1 - x0, y1 - y0) / 2) * 1.06);
  for (;;) {
    const snap = half / 2;
    const cx = Math.round((x0 + x1) / 2 / snap) * snap;
    const cy = Math.round((y0 + y1) / 2 / snap) * snap;
    if (cx - half <= x0 && x1 <= cx + half && cy - half <= y0 && y1 <= cy + half) return [cx - half, cy - half, cx + half, cy + half];
    half = niceCeil(half * 1.0001);
  }
}
