import * as tf from '@tensorflow/tfjs';

/**
 * Hidden-layer nonlinearities of the networks, each with its derivative written out so the
 * fused backward passes (dense.ts, mlp.ts) need no autodiff:
 *   relu(z) = max(z, 0),       relu'(z) = 1[z > 0]  (read from h = relu(z): h > 0 ⇔ z > 0)
 *   silu(z) = z·sig(z),        silu'(z) = sig(z) + h·(1 − sig(z))   with h = silu(z)
 */
export type Activation = 'relu' | 'silu';

export const ACTIVATIONS = ['relu', 'silu'] as const;

/** h = act(z), plus what the derivative needs later: [h] for relu, [h, sig(z)] for silu. */
export function activate(z: tf.Tensor2D, act: Activation): { h: tf.Tensor2D; saved: tf.Tensor2D[] } {
  if (act === 'relu') {
    const h = tf.relu(z);
    return { h, saved: [h] };
  }
  const sig = tf.sigmoid(z);
  const h = tf.mul(z, sig) as tf.Tensor2D;
  return { h, saved: [h, sig] };
}

/** dL/dz from dL/dh and what `activate` saved. */
export function activationGrad(dh: tf.Tensor2D, saved: tf.Tensor2D[], act: Activation): tf.Tensor2D {
  if (act === 'relu') return tf.mul(dh, tf.step(saved[0]));
  const [h, sig] = saved;
  return tf.mul(dh, tf.add(sig, tf.mul(h, tf.sub(1, sig))));
}
