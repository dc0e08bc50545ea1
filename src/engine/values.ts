import type * as tf from '@tensorflow/tfjs';

/**
 * The values that travel on ports, as the engine's contract (ports.ts maps each port type to
 * one of these; port-values.ts checks them at run time). Node code builds and reads them; the
 * engine only checks their shape, so it needs no node implementation.
 *
 * The 'tensor' family: points are [N, D] (one row per sample); images are [N, H, W, C] (NHWC,
 * values in [−1, 1], C = 1 for MNIST). A node that needs one or the other checks it with
 * `points(value, port)` or `images(value, port)` (port-values.ts).
 */

/** Points [N, D]. */
export type Points = tf.Tensor2D;

/** Images on an 'images' port: [N, H, W, C], values in [−1, 1]. */
export type Images = tf.Tensor4D;

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

/** An isotropic Gaussian mixture p(x) = Σ_k w_k N(x; μ_k, σ_k² I) (exact score at every noise level). */
export interface GaussianMixture {
  weights: number[];
  means: number[][];
  stds: number[];
}

/** A data distribution on a 'distribution' port. */
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
  /**
   * The exact score ∇ log p_t(x) of the distribution noised along x_t = a·x_0 + s·ε, for points
   * x [n, dim], when it is known in a form other than the isotropic `mixture` (an exact posterior).
   */
  exactScore?(x: tf.Tensor2D, a: number, s: number): tf.Tensor2D;
  /** For labelled data (MNIST): the samples with the label of each. */
  sampleWithLabels?(n: number, seed: number): { x: tf.Tensor2D; labels: Int32Array };
  /** Release tensors the distribution holds (a data set kept on the backend). */
  dispose?(): void;
}

/** 'vp' (a² + s² = 1), 've' (a = 1) or 'flow' (a + s = 1: the rectified-flow path a = 1 − τ, s = τ). */
export type ScheduleFamily = 'vp' | 've' | 'flow';

/** One noise level of a schedule: its index, time and path coefficients. */
export interface Level {
  /** 1-based index into the schedule's levels (i = T is the noisiest for discrete schedules). */
  i: number;
  t: number;
  a: number;
  s: number;
}

/**
 * A forward path x_t = a(t)·x_0 + s(t)·ε on a 'schedule' port (nodes/lib/schedule.ts builds them),
 * with its SDE dx = f(t)·x dt + g(t) dw: f = d log a/dt, g² = d(s²)/dt − 2 f s².
 */
export interface Schedule {
  /** The schedule's name, for labels and messages only: behaviour follows the fields below. */
  name: string;
  family: ScheduleFamily;
  /** Number of discrete levels: T for discrete schedules, N for continuous ones. */
  N: number;
  /** True for schedules defined by a discrete β sequence (the path is the chain; t_i = i/T). */
  discrete: boolean;
  /** β_0…β_N (β_0 = 0) and ᾱ_0…ᾱ_N (ᾱ_0 = 1) of the DDPM chain; present for every VP schedule. */
  betas?: Float64Array;
  alphaBars?: Float64Array;
  /** VE schedules: the N noise levels σ_1 > … > σ_N (noisiest first). */
  sigmas?: Float64Array;
  /**
   * True when `sigmas` is a sampling grid in σ (Karras/EDM): samplers integrate in σ over these
   * points rather than in t. Absent or false: the grid is the annealing levels only.
   */
  sigmaGrid?: boolean;
  a(t: number): number;
  s(t: number): number;
  /** SDE drift coefficient f(t) (drift f(t)·x) and squared diffusion g(t)². */
  f(t: number): number;
  g2(t: number): number;
  /** The time at which the noise level σ = s/a is reached (inverse of σ(t)). */
  tOfSigma(sigma: number): number;
  /** Standard deviation of the prior at t = 1: ≈ 1 for VP, σ_max for VE. */
  priorStd: number;
  /** The discrete levels from the noisiest to the cleanest. */
  levels(): Level[];
}

/** The readings of one predictor: score ∇log p_t, ε̂ = −s·score, x̂_0 = (x + s²·score)/a (Tweedie), and v, flow (nodes/lib/predictor.ts). */
export type Readout = 'score' | 'eps' | 'x0' | 'v' | 'flow';

/** A function of (x, a, s) on a 'predictor' port, read as score, ε̂ or x̂_0 (nodes/lib/predictor.ts). */
export interface Predictor {
  name: string;
  /** The reading the predictor computes directly (no conversion, no loss of precision). */
  native: Readout;
  /**
   * Evaluate at x = x_t on the path point (a, s): x is a batch of any rank [N, …] (points [N, D],
   * images [N, H, W, C]); a predictor that takes one shape only refuses others with a NodeRunError
   * on its 'predictor' port. Returns a new tensor shaped like x; never disposes x.
   */
  evaluate(x: tf.Tensor, a: number, s: number): tf.Tensor;
  /**
   * Optional fused update c_x·x + c_r·R(x; a, s) + c_z·z, R the reading `as`: the same numbers as
   * evaluate + conversion + linear combination up to float32 rounding, in fewer ops. Returns a new
   * tensor; never disposes x or z.
   */
  evaluateAffine?(x: tf.Tensor, a: number, s: number, as: Readout, cx: number, cr: number, z?: tf.Tensor | null, cz?: number): tf.Tensor;
  /** Release what the predictor holds (a trained model's weights are owned by the model node). */
  dispose?(): void;
}

/** Weights by variable name, as plain arrays: what IndexedDB stores. */
export type NamedWeights = Record<string, Float32Array>;

/** Every model's config names its kind, so config + weights rebuild it (nodes/lib/nn/kinds.ts). */
export interface ModelConfig {
  kind: string;
}

/**
 * A network: its weights as a few large tf.Variables, its JSON-able config, and weight transfer
 * for storage. The node that outputs a model owns its variables; a node that trains one trains
 * a copy. Which port a model travels on is its role: 'score-net', 'vae' or 'classifier'.
 */
export interface Model<C extends ModelConfig = ModelConfig> {
  readonly kind: C['kind'];
  readonly config: C;
  readonly variables: Readonly<Record<string, tf.Variable>>;
  getWeights(): Promise<NamedWeights>;
  setWeights(weights: NamedWeights): void;
  dispose(): void;
  readonly isDisposed: boolean;
}

/**
 * A noise-conditional network on a 'score-net' port (model/score-mlp, model/unet): its native
 * prediction (ε̂, ŝ in x̃-space or x̂_0, named by `config.output`) at the scaled point x̃ = x/a
 * and noise level σ = s/a. Points [N, D] or images [N, H, W, C], as the network takes.
 */
export interface ScoreNetwork<C extends ModelConfig & { output: Readout } = ModelConfig & { output: Readout }> extends Model<C> {
  /** `labels` [N]: each row's class for a class-conditional net (model/unet with classes 10; 10 = none); others ignore them. */
  apply(xTilde: tf.Tensor, sigma: number, labels?: Int32Array): tf.Tensor;
}

/** A variational autoencoder on a 'vae' port: images as rows [n, h·w] in [−1, 1] ↔ latents [n, L]. */
export interface VaeNetwork<C extends ModelConfig & { height: number; width: number; latentDim: number } = ModelConfig & { height: number; width: number; latentDim: number }>
  extends Model<C> {
  encode(x: tf.Tensor2D): { mu: tf.Tensor2D; logvar: tf.Tensor2D };
  /** Decoder logits ℓ [n, D]. */
  decodeLogits(z: tf.Tensor2D): tf.Tensor2D;
  /** Decoded images as rows [n, D] in [−1, 1]. */
  decode(z: tf.Tensor2D): tf.Tensor2D;
}

/** An image classifier on a 'classifier' port: class logits [N, K] of images [N, H, W, C] in [−1, 1]. */
export interface Classifier<C extends ModelConfig = ModelConfig> extends Model<C> {
  /** Number of classes K. */
  readonly classes: number;
  logits(x: Images): tf.Tensor2D;
}

/**
 * A linear measurement y = A x + σ_y n, n ~ N(0, I), on an 'operator' port (inverse problems).
 * A acts on one sample (points [d] or an image [H, W, C]) and is applied to a batch along the
 * first axis; A and Aᵀ are adjoint: ⟨A x, y⟩ = ⟨x, Aᵀ y⟩.
 */
export interface Operator {
  /** What A does, for labels ('lower half masked', '2× downsampling', …). */
  name: string;
  /** The shape of one x: [d] for points, [H, W, C] for images. */
  inShape: number[];
  /** The shape of one y. */
  outShape: number[];
  /** σ_y ≥ 0, the standard deviation of the measurement noise. */
  sigmaY: number;
  /** A x: [N, …inShape] → [N, …outShape], a new tensor. */
  apply(x: tf.Tensor): tf.Tensor;
  /** Aᵀ y: [N, …outShape] → [N, …inShape], a new tensor. */
  adjoint(y: tf.Tensor): tf.Tensor;
  /** A as rows of d numbers, where it is small enough to write down (exact posteriors need it). */
  matrix?: number[][];
  /** A = U S Vᵀ in a form cheap to apply, where it exists (DDRM and ΠGDM need it). */
  svd?: OperatorSvd;
  /** Release tensors the operator holds (a mask, blur kernels); one that holds none needs no dispose. */
  dispose?(): void;
}

/**
 * A = U S Vᵀ with U (m×m) and V (d×d) orthogonal, d the number of entries of one x and m of one y:
 * the spectral coordinates c = Vᵀx [N, d] and Uᵀy [N, m] are related by (Uᵀy)_j = σ_j c_j + σ_y ñ_j
 * for j < m; `singular` holds σ_j for j < min(m, d), zeros after (directions A does not see).
 */
export interface OperatorSvd {
  singular: Float32Array;
  /** Vᵀ x: [N, …inShape] → [N, d]. */
  vt(x: tf.Tensor): tf.Tensor2D;
  /** V c: [N, d] → [N, …inShape]. */
  v(c: tf.Tensor2D): tf.Tensor;
  /** Uᵀ y: [N, …outShape] → [N, m]. */
  ut(y: tf.Tensor): tf.Tensor2D;
  /** U c: [N, m] → [N, …outShape]. */
  u(c: tf.Tensor2D): tf.Tensor;
}

/** How a loop walks its passes (nodes/lib/sampling/levels.ts makes them). */
export type LoopGrid = 'chain' | 'ddim' | 'time' | 'sigmas' | 'fixed';

/**
 * One pass of a loop on a 'level' port: the path point a step node reads the predictor at,
 * the times it moves between, and the noise seed of the pass.
 */
export interface LoopLevel {
  /** Pass index 0…count−1: the whole sampler's step index, so the noise of pass k is the sampler's noise of step k. */
  k: number;
  count: number;
  /** The loop's seed (its ctx.seed): step noise is noiseLike(x, seed, k[, stream]). */
  seed: number;
  last: boolean;
  grid: LoopGrid;
  /** Continuous time t ∈ [0, 1] of this pass and of the next (σ on the sigmas grid, the step count on the fixed grid). */
  t: number;
  tNext: number;
  /** The path point x_t = a·x_0 + s·ε the pass reads the predictor at. */
  a: number;
  s: number;
  /** Indices of the discrete chain (ᾱ_i, ᾱ_0 = 1) on the chain and ddim grids. */
  i?: number;
  iNext?: number;
  /** The smallest s any pass reads at (σ_L of annealed Langevin, whose steps scale as s²/σ_L²). */
  sLast: number;
  timeLabel: 't' | 'σ' | 'step';
}
