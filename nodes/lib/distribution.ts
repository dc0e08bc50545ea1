import type * as tf from '@tensorflow/tfjs';

/**
 * An isotropic Gaussian mixture p(x) = Σ_k w_k N(x; μ_k, σ_k² I).
 * Noised along a path x_t = a·x_0 + s·ε it stays a mixture:
 * p_t(x) = Σ_k w_k N(x; a·μ_k, (a²σ_k² + s²) I), so its score is exact at every level.
 */
export interface GaussianMixture {
  weights: number[];
  means: number[][];
  stds: number[];
}

/** A data distribution on a port of type 'distribution'. */
export interface Distribution {
  /** Short name for labels ('8gaussians', 'mnist', …). */
  name: string;
  /** Dimension d of one sample (flattened for images). */
  dim: number;
  /** n samples as an [n, d] tensor, reproducible from `seed`. */
  sample(n: number, seed: number): tf.Tensor2D;
  /** The exact mixture form, when the distribution is one (then the exact score exists). */
  mixture?: GaussianMixture;
  /** For image data: the image shape, so views can draw samples as images. */
  image?: { height: number; width: number };
  /** For labelled data (MNIST): the label of each sample of the last `sampleWithLabels` call. */
  sampleWithLabels?(n: number, seed: number): { x: tf.Tensor2D; labels: Int32Array };
  /** Release tensors the distribution holds (a data set kept on the backend). */
  dispose?(): void;
}
