import * as tf from '@tensorflow/tfjs';

/**
 * Explicit and denoising score matching at one noise level σ, on x̃ = x + σ ε (x ~ p, ε ~ N(0, I)):
 *   ESM = E ½|s(x̃) − ∇log p_σ(x̃)|²,
 *   DSM = E ½|s(x̃) − ∇_x̃ log q(x̃|x)|² = E ½|s(x̃) + ε/σ|²   (∇_x̃ log q(x̃|x) = (x − x̃)/σ² = −ε/σ).
 * Expanding both squares, the terms with s are the same in expectation (E[∇log q(x̃|x) | x̃] =
 * ∇log p_σ(x̃)), so DSM − ESM = C = ½ E|ε/σ|² − ½ E|∇log p_σ(x̃)|², independent of s (Vincent 2011).
 * Both are averaged over the same samples, so most of their noise cancels in the gap. Sums over
 * the d coordinates, means over the n samples; differentiable in `score`.
 */
export function scoreMatchingLosses(score: tf.Tensor2D, exactScore: tf.Tensor2D, eps: tf.Tensor2D, sigma: number): { esm: tf.Scalar; dsm: tf.Scalar } {
  return tf.tidy(() => {
    const halfMeanSq = (r: tf.Tensor) => tf.mul(tf.mean(tf.sum(tf.square(r), 1)), 0.5) as tf.Scalar;
    return { esm: halfMeanSq(tf.sub(score, exactScore)), dsm: halfMeanSq(tf.add(score, tf.mul(eps, 1 / sigma))) };
  });
}
