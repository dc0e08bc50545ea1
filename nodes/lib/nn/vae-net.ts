import * as tf from '@tensorflow/tfjs';
import type { Activation } from './activation';
import { mlp, mlpInit, type MlpSpec } from './mlp';
import { createModel, type Model, type ModelConfig } from './model';
import { deriveSeed } from '../random';

/**
 * A variational autoencoder for images with values in [−1, 1] (Kingma & Welling 2014):
 *   encoder  x (D = h·w) → hidden → [μ, log σ²] (2·L),  q(z|x) = N(μ, diag σ²);
 *   decoder  z (L) → hidden → D logits ℓ,  p(x|z) = Π_i Bernoulli(p_i; π_i = sig(ℓ_i)) on the
 *            intensities p = (x + 1)/2 ∈ [0, 1]; the decoded image is 2π − 1 = tanh(ℓ/2).
 * Each network is one flat parameter vector (mlp.ts): two variables in all.
 */
export interface VaeConfig extends ModelConfig {
  kind: 'vae';
  height: number;
  width: number;
  latentDim: number;
  hidden: number;
  activation: Activation;
}

export interface VaeNet extends Model<VaeConfig> {
  encode(x: tf.Tensor2D): { mu: tf.Tensor2D; logvar: tf.Tensor2D };
  /** Decoder logits ℓ [n, D]. */
  decodeLogits(z: tf.Tensor2D): tf.Tensor2D;
  /** Decoded images as rows [n, D] in [−1, 1]: tanh(ℓ/2). */
  decode(z: tf.Tensor2D): tf.Tensor2D;
}

export function encoderSpec(c: VaeConfig): MlpSpec {
  return { sizes: [c.height * c.width, c.hidden, 2 * c.latentDim], activation: c.activation };
}
export function decoderSpec(c: VaeConfig): MlpSpec {
  return { sizes: [c.latentDim, c.hidden, c.height * c.width], activation: c.activation };
}

/** μ and log σ² from the encoder's output [n, 2L]. */
export function encodeWith(c: VaeConfig, encoder: tf.Tensor1D, x: tf.Tensor2D): { mu: tf.Tensor2D; logvar: tf.Tensor2D } {
  const h = mlp(encoder, x, encoderSpec(c), { inputGrad: false });
  const n = x.shape[0];
  return { mu: tf.slice(h, [0, 0], [n, c.latentDim]), logvar: tf.slice(h, [0, c.latentDim], [n, c.latentDim]) };
}

/**
 * The negative ELBO's two terms per image, averaged over the batch, with z = μ + σ ε:
 *   reconstruction = −log p(x|z) = Σ_i softplus(ℓ_i) − p_i ℓ_i     (Bernoulli, in nats)
 *   KL = KL(q(z|x) ‖ N(0, I)) = ½ Σ_j (μ_j² + σ_j² − 1 − log σ_j²)
 * and the training objective reconstruction + β·KL (β = 1: the negative ELBO; Higgins et al. 2017).
 */
export function vaeLoss(c: VaeConfig, encoder: tf.Tensor1D, decoder: tf.Tensor1D, x: tf.Tensor2D, eps: tf.Tensor2D, beta: number): { objective: tf.Scalar; reconstruction: tf.Scalar; kl: tf.Scalar } {
  const { mu, logvar } = encodeWith(c, encoder, x);
  const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logvar, 0.5)), eps)) as tf.Tensor2D;
  const logits = mlp(decoder, z, decoderSpec(c));
  const p = tf.mul(tf.add(x, 1), 0.5);
  const reconstruction = tf.div(tf.sum(tf.sub(tf.softplus(logits), tf.mul(p, logits))), x.shape[0]) as tf.Scalar;
  const kl = tf.div(tf.mul(tf.sum(tf.sub(tf.add(tf.square(mu), tf.exp(logvar)), tf.add(logvar, 1))), 0.5), x.shape[0]) as tf.Scalar;
  return { objective: tf.add(reconstruction, tf.mul(kl, beta)) as tf.Scalar, reconstruction, kl };
}

/** A VAE with these weights (taken over), or fresh ones drawn from `seed`. */
export function buildVae(config: VaeConfig, init: { encoder: tf.Tensor; decoder: tf.Tensor } | number): VaeNet {
  const values = typeof init === 'number' ? { encoder: mlpInit(encoderSpec(config), deriveSeed(init, 1)), decoder: mlpInit(decoderSpec(config), deriveSeed(init, 2)) } : init;
  const D = config.height * config.width;
  const check = (t: tf.Tensor2D, cols: number, what: string) => {
    if (t.rank !== 2 || t.shape[1] !== cols) throw new Error(`the VAE takes ${what} of shape [n, ${cols}], got [${t.shape}]`);
  };
  return createModel(config, values, (variables) => {
    const enc = variables.encoder as tf.Tensor1D;
    const dec = variables.decoder as tf.Tensor1D;
    return {
      encode(x: tf.Tensor2D) {
        check(x, D, 'images');
        return tf.tidy(() => encodeWith(config, enc, x));
      },
      decodeLogits(z: tf.Tensor2D) {
        check(z, config.latentDim, 'latent codes');
        return tf.tidy(() => mlp(dec, z, decoderSpec(config)));
      },
      decode(z: tf.Tensor2D) {
        check(z, config.latentDim, 'latent codes');
        return tf.tidy(() => tf.tanh(tf.mul(mlp(dec, z, decoderSpec(config)), 0.5)) as tf.Tensor2D);
      },
    };
  });
}
