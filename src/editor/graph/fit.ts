import type { Box } from './free-space';

/**
 * How every "fit view" frames the graph: a margin, and never above 1× (a one- or two-node
 * graph would otherwise fill the screen at 2.5×, and the next dropped node land on the first).
 */
export const FIT_VIEW = { padding: 0.12, maxZoom: 1, minZoom: 0.08 } as const;

/** The screen area the canvas shows unobstructed: `left` pixels of it may be under a docked panel. */
export interface VisibleArea {
  left: number;
  width: number;
  height: number;
}

/**
 * The viewport (pan x, y and zoom, as React Flow's transform: screen = flow·zoom + pan) that
 * centres `bounds` in the visible area with a margin of `padding` of its size on each side,
 * at a zoom within [minZoom, maxZoom].
 */
export function fitViewport(bounds: Box, area: VisibleArea, options: { padding: number; maxZoom: number; minZoom: number } = FIT_VIEW, align: 'centre' | 'top' = 'centre'): { x: number; y: number; zoom: number } {
  const usable = 1 - 2 * options.padding;
  const fit = Math.min((area.width * usable) / Math.max(bounds.width, 1), (area.height * usable) / Math.max(bounds.height, 1));
  const zoom = Math.min(options.maxZoom, Math.max(options.minZoom, fit));
  // 'top': the frame starts one margin below the top, so what lies under it fills the rest.
  const top = align === 'top' ? Math.min(area.height * options.padding, (area.height - bounds.height * zoom) / 2) : (area.height - bounds.height * zoom) / 2;
  return {
    x: area.left + (area.width - bounds.width * zoom) / 2 - bounds.x * zoom,
    y: top - bounds.y * zoom,
    zoom,
  };
}

/** The smallest box holding every box (a zero box at the origin for none). */
export function unionBox(boxes: readonly Box[]): Box {
  if (!boxes.length) return { x: 0, y: 0, width: 0, height: 0 };
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.width));
  const y1 = Math.max(...boxes.map((b) => b.y + b.height));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** How far below a lesson's first note its nodes count as "the part it explains". */
export const EXPLAINED_DEPTH = 700;

/**
 * What a lesson opens on: its first note and the nodes it sits above (those whose span
 * across overlaps the note's and whose top lies within EXPLAINED_DEPTH below it).
 */
export function firstNoteFrame(note: Box, others: readonly Box[]): Box {
  const bottom = note.y + note.height;
  const below = others.filter((b) => b.x < note.x + note.width && note.x < b.x + b.width && b.y >= note.y && b.y <= bottom + EXPLAINED_DEPTH);
  return unionBox([note, ...below]);
}
