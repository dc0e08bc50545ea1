import * as tf from '@tensorflow/tfjs';
import type { Activation } from './activation';
import { embedSigmas, embeddingFrequencies, type EmbeddingKind } from './embedding';
import { mlp, mlpInit, type MlpSpec, weightCache } from './mlp';
import { createModel, type Model, type ModelConfig } from './model';

/**
 * A noise-conditional network F_θ(c_in(σ)·x̃, emb(σ)) on the scaled point x̃ = x/a at noise level
 * σ = s/a. Along any path x = a·x_0 + s·ε, x̃ = x_0 + σ ε: the pair (x̃, σ) is the same for every
 * schedule that reaches σ, so one trained net serves VP, VE and every other path.
 *
 * Preconditioning (Karras et al. 2022, "EDM", with σ_data = 1):
 *   c_in = 1/√(1+σ²)  keeps the input at unit scale (on a VP path c_in·x̃ = x exactly);
 *   output 'eps':   ε̂ = F;
 *   output 'score': ŝ(x̃) = F/σ, the score ∇_x̃ log p_σ(x̃) (NCSNv2's s_θ(x)/σ, Song & Ermon 2020);
 *   output 'x0':    x̂_0 = c_skip x̃ + c_out F,  c_skip = 1/(1+σ²),  c_out = σ/√(1+σ²);
 *   output 'v':     v̂ = F, v = (ε − σ x_0)/√(1+σ²) (Salimans & Ho 2022 at the VP point of σ);
 *   output 'flow':  û = F, u = ε − x_0 (the rectified-flow velocity; Liu et al. 2022, Lipman et al. 2023).
 * Each keeps F at unit scale for every σ, which is what lets one MLP cover σ from 10⁻³ to 10².
 */
export type ScoreOutput = 'eps' | 'score' | 'x0' | 'v' | 'flow';

export interface ScoreNetConfig extends ModelConfig {
  kind: 'score-mlp';
  /** Dimension d of x. */
  dim: number;
  hidden: number;
  /** Number of hidden layers. */
  layers: number;
  activation: Activation;
  embedding: EmbeddingKind;
  /** The embedding's frequencies (embedding.ts). */
  frequencies: number[];
  output: ScoreOutput;
}

export interface ScoreNet extends Model<ScoreNetConfig> {
  /** The native prediction (ε̂, ŝ in x̃-space, or x̂_0) at the scaled point x̃ and noise level σ. */
  apply(xTilde: tf.Tensor2D, sigma: number): tf.Tensor2D;
}

export const cIn = (sigma: number) => 1 / Math.sqrt(1 + sigma * sigma);
export const cSkip = (sigma: number) => 1 / (1 + sigma * sigma);
export const cOut = (sigma: number) => sigma / Math.sqrt(1 + sigma * sigma);

export function scoreNetSpec(c: ScoreNetConfig): MlpSpec {
  return { sizes: [c.dim + 2 * c.frequencies.length, ...Array<number>(c.layers).fill(c.hidden), c.dim], activation: c.activation };
}

/** The MLP's input rows [c_in(σ_i)·x̃_i, emb(σ_i)] for a batch; `cInX` is c_in·x̃ already scaled. */
export function netInput(cInX: tf.Tensor2D, emb: Float32Array): tf.Tensor2D {
  const n = cInX.shape[0];
  return tf.concat([cInX, tf.tensor2d(emb, [n, emb.length / n])], 1);
}

/** Native output from the raw network output F at one noise level σ (any network: MLP rows or U-Net images). */
export function outputOf<T extends tf.Tensor>(output: ScoreOutput, F: T, xTilde: T, sigma: number): T {
  if (output === 'eps') return F;
  if (output === 'score') return tf.mul(F, 1 / sigma);
  // v = (ε − σx₀)/√(1+σ²) and the flow velocity ε − x₀ are unit-scale already: F itself (predictor.ts).
  if (output === 'v' || output === 'flow') return F;
  return tf.add(tf.mul(xTilde, cSkip(sigma)), tf.mul(F, cOut(sigma)));
}

/** A score network with these weights θ (taken over), or fresh ones drawn from `seed`. */
export function buildScoreNet(config: ScoreNetConfig, theta: tf.Tensor | number): ScoreNet {
  const spec = scoreNetSpec(config);
  return createModel(config, { theta: typeof theta === 'number' ? mlpInit(spec, theta) : theta }, (variables) => {
    const weights = weightCache(variables.theta, spec);
    return {
      apply(xTilde: tf.Tensor2D, sigma: number) {
        if (xTilde.rank !== 2 || xTilde.shape[1] !== config.dim) throw new Error(`the score network takes points of shape [n, ${config.dim}], got [${xTilde.shape}]`);
        if (!(sigma > 0 && Number.isFinite(sigma))) throw new Error(`the score network needs a noise level σ > 0, got ${sigma}`);
        return tf.tidy(() => {
          const emb = embedSigmas([sigma], config.frequencies);
          const F = mlp(variables.theta as tf.Tensor1D, tf.mul(xTilde, cIn(sigma)), spec, { cond: tf.tensor2d(emb, [1, emb.length]), weights: weights.get });
          return outputOf(config.output, F, xTilde, sigma);
        });
      },
      onDispose: weights.dispose,
    };
  });
}

/** The config of a new score network. */
export function scoreNetConfig(p: { dim: number; hidden: number; layers: number; activation: Activation; embedding: EmbeddingKind; output: ScoreOutput }, seed: number): ScoreNetConfig {
  return { kind: 'score-mlp', ...p, frequencies: embeddingFrequencies(p.embedding, seed) };
}
