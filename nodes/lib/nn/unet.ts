import * as tf from '@tensorflow/tfjs';
import { deriveSeed, fillNormal } from '../random';
import { EMBEDDING_FREQUENCIES, embedSigmas, embeddingFrequencies, type EmbeddingKind } from './embedding';
import { createModel, type Model, type ModelConfig } from './model';
import { cIn, outputOf, type ScoreOutput } from './score-net';
import { attention, conv, dense, groupNorm, resBlock, silu, upsample, type WeightsOf } from './unet-layers';
import { unetParamCount, unetSlots, type Slot, type UNetShape } from './unet-layout';

/**
 * A convolutional noise-conditional network on images [N, H, W, C] (NHWC) with the same input
 * scaling, noise-level embedding and outputs as the MLP (score-net.ts): it sees c_in(σ)·x̃ and
 * emb(¼ ln σ), and its raw output F is read as ε̂ = F, ŝ = F/σ or x̂₀ = c_skip x̃ + c_out F. So it
 * serves every path and every sampler exactly like model/score-mlp. Layers: unet-layout.ts.
 */
export interface UNetConfig extends ModelConfig, UNetShape {
  kind: 'unet';
  embedding: EmbeddingKind;
  frequencies: number[];
  output: ScoreOutput;
}

export interface UNet extends Model<UNetConfig> {
  /** The native prediction at scaled images x̃ [N, H, W, C] and one noise level σ; `labels` for a class-conditional net (10 = none). */
  apply(xTilde: tf.Tensor4D, sigma: number, labels?: Int32Array): tf.Tensor4D;
}

/** The null class: a class-conditional net's "no label" (used for unconditional sampling and guidance). */
export const NULL_CLASS = 10;

/**
 * F_θ(x_in, features): the raw U-Net output for network input x_in = c_in·x̃ [N, H, W, C], the
 * noise-level features [N or 1, 2K] and, for a class-conditional net, labels [N] (int32).
 */
export function unetForward(c: UNetShape, w: WeightsOf, xIn: tf.Tensor4D, features: tf.Tensor2D, labels?: tf.Tensor1D): tf.Tensor4D {
  let e = dense(silu(dense(features, w, 'emb.0')), w, 'emb.1');
  // The class's learnt row, as one-hot · table (the gradient of a gather needs UnsortedSegmentSum, which tfjs-wasm lacks).
  if (c.classes) e = tf.add(e, tf.matMul(tf.cast(tf.oneHot(labels ?? tf.fill([1], NULL_CLASS, 'int32'), c.classes + 1), 'float32'), w('emb.class') as tf.Tensor2D));
  const embAct = silu(e);
  const L = c.levels.length;
  let h = conv(xIn, w, 'in');
  const skips: tf.Tensor4D[] = [];
  for (let l = 0; l < L; l++) {
    for (let b = 0; b < c.blocks; b++) h = resBlock(h, embAct, w, `down.${l}.res.${b}`);
    skips.push(h);
    if (l < L - 1) h = conv(h, w, `down.${l}.downsample`, 2);
  }
  h = resBlock(h, embAct, w, 'mid.res.0');
  if (c.attention) h = attention(h, w, 'mid.attn');
  h = resBlock(h, embAct, w, 'mid.res.1');
  for (let l = L - 1; l >= 0; l--) {
    h = tf.concat([h, skips[l]], 3);
    for (let b = 0; b < c.blocks; b++) h = resBlock(h, embAct, w, `up.${l}.res.${b}`);
    if (l > 0) {
      const [, hs, ws] = skips[l - 1].shape;
      h = conv(upsample(h, hs, ws), w, `up.${l}.upsample`);
    }
  }
  return conv(groupNorm(h, w, 'out.norm', 'silu'), w, 'out');
}

/** θ's slots as tensors by name: one split (a heap copy per slot on WASM, wasm/slice-kernel.ts), then reshapes. */
export function unetWeights(theta: tf.Tensor1D, slots: Slot[]): Record<string, tf.Tensor> {
  const parts = tf.split(theta, slots.map((s) => s.size));
  return Object.fromEntries(slots.map((s, i) => [s.name, tf.reshape(parts[i], s.shape)]));
}

/** Gradients per slot joined into one vector in θ's order. */
export function joinSlots(grads: tf.Tensor[]): tf.Tensor1D {
  return tf.concat(grads.map((g) => tf.reshape(g, [-1]))) as tf.Tensor1D;
}

/** A lookup that names a missing weight (a layout bug, never user input). */
export function weightsOf(weights: Record<string, tf.Tensor>): WeightsOf {
  return (name) => {
    const t = weights[name];
    if (!t) throw new Error(`U-Net weight '${name}' is missing`);
    return t;
  };
}

/**
 * Initial θ: convolutions and dense layers He-normal, N(0, 2/fan_in) (He et al. 2015); biases
 * and GroupNorm β zero, γ one; class rows N(0, 1); the output convolution and the attention's
 * projection zero, so the net starts at F = 0 (as DDPM's zero-initialised output).
 */
export function unetInit(c: UNetShape, seed: number): tf.Tensor1D {
  const slots = unetSlots(c);
  const theta = new Float32Array(unetParamCount(c));
  slots.forEach((s, i) => {
    const view = theta.subarray(s.offset, s.offset + s.size);
    if (s.init === 'one') view.fill(1);
    else if (s.init === 'he' || s.init === 'normal') {
      fillNormal(view, deriveSeed(seed, i));
      const gain = s.init === 'he' ? Math.sqrt(2 / s.fanIn) : 1;
      for (let j = 0; j < view.length; j++) view[j] *= gain;
    }
  });
  return tf.tensor1d(theta);
}

/** The noise-level features of one σ or of one σ per example, [n, 2K]. */
export function unetFeatures(c: UNetConfig, sigmas: ArrayLike<number>): tf.Tensor2D {
  return tf.tensor2d(embedSigmas(sigmas, c.frequencies), [sigmas.length, 2 * c.frequencies.length]);
}

/** Check an image batch's shape against the net's [H, W, C]. */
export function checkImages(c: UNetShape, x: tf.Tensor): void {
  const [, h, w, ch] = x.shape;
  if (x.rank !== 4 || h !== c.height || w !== c.width || ch !== c.channels)
    throw new Error(`the U-Net takes images of shape [n, ${c.height}, ${c.width}, ${c.channels}] (or rows [n, ${c.height * c.width * c.channels}]), got [${x.shape}]`);
}

/** A U-Net with these weights θ (taken over), or fresh ones drawn from `seed`. */
export function buildUNet(config: UNetConfig, theta: tf.Tensor | number): UNet {
  const slots = unetSlots(config);
  return createModel(config, { theta: typeof theta === 'number' ? unetInit(config, theta) : theta }, (variables) => {
    // Views of θ, rebuilt only when θ gets new data (a sampler's many calls share them).
    let key: unknown;
    let cached: Record<string, tf.Tensor> | undefined;
    const weights = () => {
      if (!cached || key !== variables.theta.dataId) {
        if (cached) tf.dispose(Object.values(cached));
        cached = tf.tidy(() => {
          const w = unetWeights(variables.theta as tf.Tensor1D, slots);
          Object.values(w).forEach((t) => tf.keep(t));
          return w;
        });
        key = variables.theta.dataId;
      }
      return weightsOf(cached);
    };
    const apply = (xTilde: tf.Tensor4D, sigma: number, labels?: Int32Array): tf.Tensor4D => {
      // Rows [N, H·W·C] (a flattened image distribution) are read as images and returned as rows.
      const d = config.height * config.width * config.channels;
      if (xTilde.rank === 2 && xTilde.shape[1] === d) {
        const rows = xTilde as unknown as tf.Tensor2D;
        return tf.tidy(() => tf.reshape(apply(tf.reshape(rows, [rows.shape[0], config.height, config.width, config.channels]), sigma, labels), rows.shape)) as unknown as tf.Tensor4D;
      }
      checkImages(config, xTilde);
      if (!(sigma > 0 && Number.isFinite(sigma))) throw new Error(`the U-Net needs a noise level σ > 0, got ${sigma}`);
      if (labels && labels.length !== xTilde.shape[0]) throw new Error(`the U-Net got ${labels.length} labels for ${xTilde.shape[0]} images`);
      if (labels && labels.some((l) => !(l >= 0 && l <= NULL_CLASS))) throw new Error(`the U-Net's class labels must be 0…9 or ${NULL_CLASS} (none)`);
      const w = weights();
      return tf.tidy(() => {
        const F = unetForward(config, w, tf.mul(xTilde, cIn(sigma)), unetFeatures(config, [sigma]), labels && tf.tensor1d(labels, 'int32'));
        return outputOf(config.output, F, xTilde, sigma);
      });
    };
    return {
      apply,
      onDispose: () => {
        if (cached) tf.dispose(Object.values(cached));
        cached = undefined;
      },
    };
  });
}

/** Params of model/unet (besides seed): the shape without the derived embedding width, and the readings. */
export type UNetParams = Omit<UNetShape, 'embFeatures'> & { embedding: EmbeddingKind; output: ScoreOutput };

/** The config of a new U-Net (the embedding's frequencies drawn from `seed` for 'fourier'). */
export function unetConfig(p: UNetParams, seed: number): UNetConfig {
  return { kind: 'unet', ...p, levels: [...p.levels], embFeatures: 2 * EMBEDDING_FREQUENCIES, frequencies: embeddingFrequencies(p.embedding, seed) };
}
