import * as tf from '@tensorflow/tfjs';
import { mlpBackward, mlpForward } from './mlp';
import { cIn, netInput, scoreNetSpec, type ScoreNetConfig, type ScoreOutput } from './score-net';
import { embedSigmas } from './embedding';

/**
 * The denoising score-matching objective (Vincent 2011; Song & Ermon 2019; Ho et al. 2020) at
 * per-example noise levels σ_i, on x̃ = x_0 + σ ε:
 *   L(θ) = mean_i λ_T(σ_i) · |T̂_i − T_i|² / d
 * where T is the chosen target reading and T̂ the network's prediction read the same way:
 *   eps:   T = ε,                      |e_eps|² = |ε̂ − ε|²
 *   score: T = −ε/σ = (x_0 − x̃)/σ²,    |e_score|² = |e_eps|²/σ²
 *   x0:    T = x_0,                    |e_x0|²  = σ² |e_eps|²       (Tweedie: x̂_0 = x̃ − σ ε̂)
 * and the weighting λ:
 *   uniform: λ = 1;  sigma2: λ = σ² (Song & Ermon 2019: with target score this is |σŝ + ε|²,
 *   the same as eps with uniform, i.e. DDPM's L_simple);  snr: min-SNR-γ (Hang et al. 2023,
 *   γ = 5, SNR = 1/σ²), defined so that the eps-space weight is min(SNR, γ)/SNR = min(1, γσ²)
 *   whatever the target.
 * Every combination is a per-example weight times |e_eps|², and |e_eps|² is a fixed multiple of
 * the residual of the raw output F against its own target T_F (score-net.ts):
 *   eps:   F = ε̂,     T_F = ε,                    |e_eps|² = |F − T_F|²
 *   score: F = σŝ = −ε̂, T_F = −ε,                 |e_eps|² = |F − T_F|²
 *   x0:    x̂_0 = c_skip x̃ + c_out F, T_F = (x_0 − c_skip x̃)/c_out = c_in(σ x_0 − ε),
 *          |e_eps|² = |e_x0|²/σ² = c_out²|F − T_F|²/σ² = |F − T_F|²/(1+σ²).
 * So the loss is one weighted mean of squares of F − T_F, computed in few ops on the raw output.
 */
export type DsmTarget = ScoreOutput;
export type DsmWeighting = 'uniform' | 'sigma2' | 'snr';

export const MIN_SNR_GAMMA = 5;

/** The weight w(σ) in L = mean_i w(σ_i)|F_i − T_F,i|²/d (see above). */
export function residualWeight(sigma: number, output: ScoreOutput, target: DsmTarget, weighting: DsmWeighting): number {
  const s2 = sigma * sigma;
  // λ_T(σ) · |e_T|²/|e_eps|²
  const epsWeight = weighting === 'snr' ? Math.min(1, MIN_SNR_GAMMA * s2) : (weighting === 'sigma2' ? s2 : 1) * errorRatio(target, sigma);
  return epsWeight / rawErrorRatio(output, sigma);
}

/**
 * |e_T|²/|e_eps|² of each reading at one x̃ = x_0 + σε, where x̂_0 − x_0 = −σ(ε̂ − ε) = −σe:
 * eps 1, score 1/σ², x0 σ², v = (ε − σx_0)/√(1+σ²): e√(1+σ²) ⇒ 1 + σ², flow = ε − x_0: (1 + σ)e ⇒ (1 + σ)².
 */
function errorRatio(r: ScoreOutput, sigma: number): number {
  const s2 = sigma * sigma;
  if (r === 'eps') return 1;
  if (r === 'score') return 1 / s2;
  if (r === 'x0') return s2;
  return r === 'v' ? 1 + s2 : (1 + sigma) * (1 + sigma);
}

/**
 * |F − T_F|²/|e_eps|² of each raw output (see above): eps and score (F = σŝ = −ε̂) 1, x0 1 + σ²
 * (F = (x̂_0 − c_skip x̃)/c_out), v and flow as their readings (F is the reading).
 */
function rawErrorRatio(output: ScoreOutput, sigma: number): number {
  if (output === 'eps' || output === 'score') return 1;
  return output === 'x0' ? 1 + sigma * sigma : errorRatio(output, sigma);
}

/** One batch of the objective: clean points, their noise, and each example's noise level. */
export interface DsmBatch {
  x0: tf.Tensor2D;
  eps: tf.Tensor2D;
  sigmas: Float32Array;
}

function column(values: ArrayLike<number>, f: (v: number) => number): tf.Tensor2D {
  return tf.tensor2d(Float32Array.from(values, f), [values.length, 1]);
}

/** F − T_F for rows [B, d] of raw outputs (see above): T_F = ε, −ε, c_in(σ x_0 − ε), (ε − σx_0)/√(1+σ²) or ε − x_0. */
export function rawResidual(output: ScoreOutput, F: tf.Tensor2D, batch: DsmBatch): tf.Tensor2D {
  const { x0, eps, sigmas } = batch;
  if (output === 'eps') return tf.sub(F, eps);
  if (output === 'score') return tf.add(F, eps);
  if (output === 'flow') return tf.sub(F, tf.sub(eps, x0));
  if (output === 'v') return tf.sub(F, tf.sub(tf.mul(eps, column(sigmas, (s) => 1 / Math.sqrt(1 + s * s))), tf.mul(x0, column(sigmas, (s) => s / Math.sqrt(1 + s * s)))));
  return tf.sub(F, tf.sub(tf.mul(x0, column(sigmas, (s) => s * cIn(s))), tf.mul(eps, column(sigmas, cIn))));
}

/** The column 2 w(σ_i)/n of per-example factors in dL/dF = 2 w ⊙ (F − T_F)/n (n = B·d). */
export function residualWeights(output: ScoreOutput, sigmas: Float32Array, target: DsmTarget, weighting: DsmWeighting, n: number): tf.Tensor2D {
  return column(sigmas, (s) => (2 * residualWeight(s, output, target, weighting)) / n);
}

/**
 * L(θ) and dL/dθ for a score network of this config with parameters θ, by hand: the forward
 * pass keeps what the MLP's backward pass needs, dL/dF = 2 w ⊙ (F − T_F)/(B d), and the MLP's
 * backward (mlp.ts) turns that into dθ. No autodiff tape: on tfjs-wasm the tape's bookkeeping
 * and copies cost about 1.5 ms of a 10 ms step.
 */
export function dsmLossAndGrad(config: ScoreNetConfig, theta: tf.Tensor1D, batch: DsmBatch, target: DsmTarget, weighting: DsmWeighting): { loss: tf.Scalar; grad: tf.Tensor1D } {
  return tf.tidy(() => {
    const { x0, eps, sigmas } = batch;
    const [B, d] = x0.shape;
    const cInCol = column(sigmas, cIn);
    const xTilde = tf.add(x0, tf.mul(column(sigmas, (s) => s), eps));
    const spec = scoreNetSpec(config);
    const { y: F, saved } = mlpForward(theta, netInput(tf.mul(xTilde, cInCol) as tf.Tensor2D, embedSigmas(sigmas, config.frequencies)), undefined, spec);
    const r = rawResidual(config.output, F, batch);
    const dF = tf.mul(r, residualWeights(config.output, sigmas, target, weighting, B * d)) as tf.Tensor2D;
    const loss = tf.mul(tf.sum(tf.mul(dF, r)), 0.5) as tf.Scalar;
    const { dTheta } = mlpBackward(dF, saved, undefined, spec, false);
    return { loss, grad: dTheta };
  });
}
