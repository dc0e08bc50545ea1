/**
 * A data distribution on a port of type 'distribution', and the isotropic Gaussian mixture
 * p(x) = Σ_k w_k N(x; μ_k, σ_k² I): noised along a path x_t = a·x_0 + s·ε it stays a mixture,
 * p_t(x) = Σ_k w_k N(x; a·μ_k, (a²σ_k² + s²) I), so its score is exact at every level.
 * The types are the engine's port contract (src/engine/values.ts).
 */
export type { Distribution, GaussianMixture } from '../../src/engine/values';
