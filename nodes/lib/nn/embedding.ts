import { uniformGenerator } from '../random';

/**
 * Noise-level embedding: K frequencies ω_k turn u = ¼ ln σ (EDM's c_noise, Karras et al. 2022)
 * into 2K features [sin(ω_k u), cos(ω_k u)].
 *   sinusoidal: ω_k = π·2^{6k/(K−1) − 2}, k = 0…K−1, geometric from π/4 (a period of 8 in u,
 *     longer than the whole range of σ used) to 16π (a period of 1/8 in u, a factor 1.65 in σ);
 *     as the transformer's position embedding (Vaswani et al. 2017) used by DDPM.
 *   fourier: ω_k = 2π W_k, W_k ~ N(0, 1) fixed at creation: random Fourier features
 *     (Tancik et al. 2020), as the Gaussian Fourier projection of Song et al. 2021.
 * Computed on the CPU: the features of a batch are B·2K numbers, cheaper to upload than to build
 * from tensor ops, and σ is known on the CPU anyway.
 */
export type EmbeddingKind = 'sinusoidal' | 'fourier';

export const EMBEDDING_FREQUENCIES = 8;

/** The frequencies of an embedding (stored in the model's config, so config alone rebuilds the net). */
export function embeddingFrequencies(kind: EmbeddingKind, seed: number, K = EMBEDDING_FREQUENCIES): number[] {
  if (kind === 'sinusoidal') return Array.from({ length: K }, (_, k) => Math.PI * 2 ** ((6 * k) / Math.max(K - 1, 1) - 2));
  // Box–Muller on a seeded uniform generator.
  const u = uniformGenerator(seed);
  return Array.from({ length: K }, () => 2 * Math.PI * Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()));
}

/** Features of each σ_i as rows of an [n, 2K] row-major array. */
export function embedSigmas(sigmas: ArrayLike<number>, frequencies: readonly number[]): Float32Array {
  const K = frequencies.length;
  const out = new Float32Array(sigmas.length * 2 * K);
  for (let i = 0; i < sigmas.length; i++) {
    const u = 0.25 * Math.log(sigmas[i]);
    for (let k = 0; k < K; k++) {
      out[i * 2 * K + k] = Math.sin(frequencies[k] * u);
      out[i * 2 * K + K + k] = Math.cos(frequencies[k] * u);
    }
  }
  return out;
}
