import type * as tf from '@tensorflow/tfjs';

/** A curve on a 'series' port: a loss against step, a coefficient against t. */
export interface Series {
  name: string;
  xLabel: string;
  yLabel: string;
  x: number[];
  y: number[];
}

/** Snapshots of a sampler's state on a 'trajectory' port: frames[k] is x at times[k]. */
export interface Trajectory {
  /** The time (or σ, see `timeLabel`) of each frame, from the start of sampling to its end. */
  times: number[];
  timeLabel: string;
  /** [k, …x's shape]: [k, n, d] for points, [k, N, H, W, C] for images. */
  frames: tf.Tensor;
}

/** Images on an 'images' port: [n, h, w] with values in [-1, 1]. */
export type Images = tf.Tensor3D;
