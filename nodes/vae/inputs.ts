import * as tf from '@tensorflow/tfjs';
import { NodeRunError } from '../../src/engine/context';
import { isModel } from '../lib/nn/model';
import type { VaeNet } from '../lib/nn/vae-net';

/** The VAE on port `model`, or a NodeRunError naming it. */
export function vaeInput(value: unknown): VaeNet {
  if (!isModel(value, 'vae')) throw new NodeRunError(`model: expected a VAE (model/vae)${isModel(value) ? `, got a ${value.kind} model` : ''}`, 'model');
  return value as VaeNet;
}

/** Images on `port` as rows [n, h·w] for this VAE: rows as they are, [n, h, w] flattened (a new tensor). */
export function imageRows(value: unknown, vae: VaeNet, port: string): tf.Tensor2D {
  const { height, width } = vae.config;
  if (!(value instanceof tf.Tensor)) throw new NodeRunError(`${port}: expected images [n, ${height}, ${width}] or rows [n, ${height * width}]`, port);
  if (value.rank === 3 && value.shape[1] === height && value.shape[2] === width) return tf.reshape(value, [value.shape[0], height * width]);
  if (value.rank === 2 && value.shape[1] === height * width) return value as tf.Tensor2D;
  throw new NodeRunError(`${port}: shape [${value.shape.join(', ')}] is not images of ${height}×${width} (the VAE's size)`, port);
}
