import * as tf from '@tensorflow/tfjs';
import type { PortType } from '../../src/engine/ports';
import type { Preview } from '../../src/engine/preview';
import type { Series } from '../../src/engine/values';
import { histogramPreview, imagesPreview, lineOf, readXY, scatterPreview } from './previews';

/** Points and images shown inline on a node for outputs that are not previews themselves. */
const INLINE_POINTS = 1500;
const INLINE_IMAGES = 16;

/**
 * The inline preview of an output, so every node shows what it made without a view
 * node: a scatter of 2-D (or higher: first two coordinates) points, a histogram of
 * 1-D values, a curve for a series, a grid for images. Other values get none.
 */
export async function autoPreview(type: PortType, value: unknown): Promise<Preview | undefined> {
  if (type === 'tensor' && value instanceof tf.Tensor && value.rank === 2 && value.shape[0] > 0) {
    const x = value as tf.Tensor2D;
    if (x.shape[1] >= 2) return scatterPreview(x, { maxPoints: INLINE_POINTS });
    const xy = await readXY(x); // d = 1: pairs (x, 0)
    return histogramPreview(xy.filter((_, i) => i % 2 === 0), 40);
  }
  if (type === 'series' && value && typeof value === 'object' && Array.isArray((value as Series).y)) {
    const s = value as Series;
    return { kind: 'lines', series: [lineOf(s.name, s.x, s.y, 400)], xLabel: s.xLabel, yLabel: s.yLabel, title: s.name };
  }
  if (type === 'images' && value instanceof tf.Tensor && value.rank === 4 && value.shape[3] === 1) {
    const grey = tf.reshape(value, value.shape.slice(0, 3)) as tf.Tensor3D; // [N, H, W, 1] → [N, H, W]
    try {
      return await imagesPreview(grey, INLINE_IMAGES);
    } finally {
      grey.dispose();
    }
  }
  return undefined;
}
