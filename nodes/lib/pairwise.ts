import * as tf from '@tensorflow/tfjs';

/**
 * Squared Euclidean distances D_ij = |x_i − y_j|² = |x_i|² + |y_j|² − 2 x_i·y_j as an [n, m]
 * tensor, clamped at 0 (the expansion can round slightly below). Centre the points first
 * when they sit far from the origin: the expansion loses precision as |x|² grows.
 */
export function squaredDistances(x: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const xx = tf.sum(tf.square(x), 1, true); // [n, 1]
    const yy = tf.reshape(tf.sum(tf.square(y), 1), [1, -1]); // [1, m]
    // Explicit transpose: matMul's transpose flags are slow on WASM (NOTES.md).
    const xy = tf.matMul(x, tf.transpose(y));
    return tf.relu(tf.sub(tf.add(xx, yy), tf.mul(xy, 2))) as tf.Tensor2D;
  });
}
