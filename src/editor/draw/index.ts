import type { Preview } from '../../engine/preview';
import { drawImages, drawValue } from './images';
import { drawHistogram, drawLines } from './lines';
import { replayStrip } from './replay';
import { drawScatter, drawTrajectory } from './scatter';

/** Draw any preview payload into a canvas context of CSS size (w, h). */
export function drawPreview(ctx: CanvasRenderingContext2D, p: Preview, w: number, h: number, large = false): void {
  switch (p.kind) {
    case 'scatter':
      return drawScatter(ctx, p, w, h, large);
    case 'trajectory':
      return drawTrajectory(ctx, p, w, h, large);
    case 'lines':
      return drawLines(ctx, p, w, h, large);
    case 'histogram':
      return drawHistogram(ctx, p, w, h);
    case 'images':
      return drawImages(ctx, p, w, h);
    case 'replay':
      // One sample through time (x_t above x̂₀); the enlarged view scrubs every sample.
      return drawImages(ctx, replayStrip(p, large ? 8 : 6), w, h);
    case 'value':
      return drawValue(ctx, p, w, h);
  }
}
