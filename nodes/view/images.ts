import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import type { ImagesPreview } from '../../src/engine/preview';
import { imagesPreview, MAX_PREVIEW_IMAGES } from '../lib/previews';

/** The image shape of flattened rows of length d: the params when given, else the square side sqrt(d). */
function imageShape(d: number, height: number, width: number): [number, number] {
  if (height > 0 || width > 0) {
    const h = height || d / width;
    const w = width || d / height;
    if (!Number.isInteger(h) || !Number.isInteger(w) || h * w !== d) throw new NodeRunError(`images: rows of length ${d} are not ${height || '?'}×${width || '?'} images`, 'images');
    return [h, w];
  }
  const side = Math.round(Math.sqrt(d));
  if (side * side !== d) throw new NodeRunError(`images: rows of length ${d} are not square images; set height and width`, 'images');
  return [side, side];
}

export default defineNode({
  type: 'view/images',
  version: 1,
  title: 'Image grid',
  category: 'view',
  inputs: { images: { type: 'images', accepts: ['tensor'], doc: 'grey images [N, H, W, 1] (or [N, H, W]), or flattened rows [N, H·W]' } },
  outputs: { preview: 'preview' },
  params: z.object({
    cols: z.number().int().min(1).max(MAX_PREVIEW_IMAGES).default(8).describe('images per row of the grid'),
    maxImages: z.number().int().min(1).max(MAX_PREVIEW_IMAGES).default(64).describe('most images shown (the first ones)'),
    height: z.number().int().min(0).max(1024).default(0).describe('image height for flattened rows (0: from width, or square)'),
    width: z.number().int().min(0).max(1024).default(0).describe('image width for flattened rows (0: from height, or square)'),
  }),
  mainParams: ['cols'],
  docs: {
    summary: 'Shows the first images of a batch as a grid of grey-level pictures (e.g. MNIST samples).',
    equation: String.raw`\text{grey} = \mathrm{round}\big(127.5\,(v + 1)\big) \in \{0, \dots, 255\},\quad v \in [-1, 1]`,
    reference: 'Chan, §2 (images scaled to [−1, 1])',
    notes: 'Flattened rows [n, d] are reshaped to height × width (row-major); with both left at 0 the images are taken square. Values outside [−1, 1] are clipped.',
  },
  run: async (inputs, p) => {
    const x = inputs.images;
    if (x.rank === 4 && x.shape[3] !== 1) throw new NodeRunError(`images: expected grey images [N, H, W, 1], got shape [${x.shape.join(', ')}]`, 'images', 'wrong-value');
    if (x.rank < 2 || x.rank > 4) throw new NodeRunError(`images: expected images [N, H, W, 1] or rows [N, H·W], got shape [${x.shape.join(', ')}]`, 'images', 'wrong-value');
    const [h, w] = x.rank >= 3 ? [x.shape[1]!, x.shape[2]!] : imageShape(x.shape[1]!, p.height, p.width);
    const grid = x.rank === 3 ? (x as tf.Tensor3D) : tf.reshape(x, [x.shape[0], h, w]);
    try {
      // The editor lays the images out in rows of `cols` (ImagesPreview has no such field yet).
      const preview: ImagesPreview & { cols: number } = { ...(await imagesPreview(grid as tf.Tensor3D, p.maxImages)), cols: p.cols };
      return { preview };
    } finally {
      if (grid !== x) grid.dispose();
    }
  },
});
