import * as tf from '@tensorflow/tfjs';
import { NodeRunError } from '../../src/engine/context';
import type { VaeNetwork } from '../../src/engine/values';

/**
 * Images on `port` as rows [n, h·w] for this VAE: rows as they are; images [n, h, w, 1] or
 * [n, h, w] flattened (a new tensor the caller disposes).
 */
export function imageRows(value: tf.Tensor, vae: VaeNetwork, port: string): tf.Tensor2D {
  const { height, width } = vae.config;
  const [, h, w, c] = value.shape;
  if ((value.rank === 4 && c === 1) || value.rank === 3) {
    if (h === height && w === width) return tf.reshape(value, [value.shape[0], height * width]);
  } else if (value.rank === 2 && value.shape[1] === height * width) return value as tf.Tensor2D;
  throw new NodeRunError(`${port}: shape [${value.shape.join(', ')}] is not grey images [N, ${height}, ${width}, 1] or rows [N, ${height * width}] (the VAE's size)`, port, 'wrong-value');
}
