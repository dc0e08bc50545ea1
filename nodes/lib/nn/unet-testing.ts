import * as tf from '@tensorflow/tfjs';
import type { Predictor } from '../predictor';
import { normal } from '../random';
import { SLICE_PIXELS } from './score-predictor';
import { buildUNet, unetConfig, unetInit, type UNet } from './unet';
import { unetParamCount } from './unet-layout';

/** Test helpers for sliced (interruptible) U-Net evaluations. */

/** A small U-Net on 14×14 images with random (not zero-output) weights: SLICE_PIXELS/196 = 32 images a slice. */
export function smallUNet(): UNet {
  const config = unetConfig({ height: 14, width: 14, channels: 1, levels: [8, 16], blocks: 1, attention: false, classes: 0, embedding: 'sinusoidal', output: 'eps' }, 0);
  const theta = tf.tidy(() => tf.add(unetInit(config, 1), tf.mul(normal<tf.Rank.R1>([unetParamCount(config)], 2), 0.05)));
  return buildUNet(config, theta);
}

/** Images of 14×14 in one slice of a U-Net evaluation. */
export const ROWS = SLICE_PIXELS / 196;
/** A batch of three slices, the last one short. */
export const N = 2 * ROWS + 5;

/** The same network read on the whole batch in one call (what the predictor did before slicing). */
export function wholeBatchPredictor(net: UNet): Predictor {
  return { name: 'whole', native: 'eps', evaluate: (x, a, s) => tf.tidy(() => net.apply(tf.mul(x, 1 / a) as tf.Tensor4D, s / a)) };
}

/** The network with a counter of its apply calls (one per slice of an evaluation). */
export function countedUNet(net: UNet): { net: UNet; applies: () => number } {
  let n = 0;
  const counted = Object.assign(Object.create(net) as UNet, {
    apply: (x: tf.Tensor4D, sigma: number) => {
      n++;
      return net.apply(x, sigma);
    },
  });
  return { net: counted, applies: () => n };
}
