import type { ImagesPreview, ReplayPreview } from '../../engine/preview';

/**
 * Sheets of a denoising replay, as image grids (drawn by drawImages):
 *  - `replayFrame`: at one frame, the n states x_t on the first row and their x̂₀ on the second;
 *  - `replayStrip`: one sample followed through up to `columns` frames (evenly spaced), x_t above
 *    x̂₀: the whole replay at a glance, for the small preview on a node.
 */
export function replayFrame(p: ReplayPreview, frame: number): ImagesPreview {
  const j = Math.max(0, Math.min(p.k - 1, Math.round(frame)));
  const size = p.n * p.height * p.width;
  const pixels = new Uint8Array(2 * size);
  pixels.set(p.xt.subarray(j * size, (j + 1) * size), 0);
  pixels.set(p.x0.subarray(j * size, (j + 1) * size), size);
  return { kind: 'images', pixels, n: 2 * p.n, height: p.height, width: p.width, cols: p.n };
}

export function replayStrip(p: ReplayPreview, columns: number, sample = 0): ImagesPreview {
  const m = Math.max(1, Math.min(columns, p.k));
  const image = p.height * p.width;
  const pixels = new Uint8Array(2 * m * image);
  for (let c = 0; c < m; c++) {
    const j = m === 1 ? p.k - 1 : Math.round((c * (p.k - 1)) / (m - 1));
    const at = (j * p.n + sample) * image;
    pixels.set(p.xt.subarray(at, at + image), c * image);
    pixels.set(p.x0.subarray(at, at + image), (m + c) * image);
  }
  return { kind: 'images', pixels, n: 2 * m, height: p.height, width: p.width, cols: m };
}
