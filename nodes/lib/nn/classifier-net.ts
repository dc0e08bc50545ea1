import * as tf from '@tensorflow/tfjs';
// The conv kernels tfjs lacks or gets wrong (conv-kernels.ts), installed on import.
import './conv-kernels';
import { deriveSeed, normal } from '../random';
import { dense } from './dense';
import { createModel, type Model, type ModelConfig } from './model';

/**
 * A small convolutional classifier of digit images (LeNet-like; LeCun et al. 1998), used to judge
 * generated digits (metric/digits) the way FID uses an Inception net: by its features.
 *   x [n, s, s, 1] in [−1, 1]
 *   → conv 3×3 (c₁) + ReLU → max-pool 2×2 → conv 3×3 (c₂) + ReLU → max-pool 2×2   ('same' convs)
 *   → flatten (p·p·c₂, p = ⌊s/4⌋) → dense (h) + ReLU = the features φ(x) ∈ ℝʰ (penultimate layer)
 *   → dense (10) = the logits; p(y | x) = softmax(logits).
 * The weights are one flat vector θ (one variable: Adam pays per variable on tfjs-wasm), sliced
 * into the layers in the order below.
 */
export interface ClassifierConfig extends ModelConfig {
  kind: 'digit-classifier';
  /** Image side s (28 or 14). */
  size: number;
  /** Channels of the two convolutions. */
  channels: [number, number];
  /** Width h of the feature layer. */
  hidden: number;
  classes: number;
}

export interface ClassifierNet extends Model<ClassifierConfig> {
  /** Number of classes K (10 digits). */
  readonly classes: number;
  /** The penultimate features φ(x) [n, hidden] of images [n, s, s(, 1)] or rows [n, s²]. */
  features(x: tf.Tensor): tf.Tensor2D;
  /** The logits [n, classes]. */
  logits(x: tf.Tensor): tf.Tensor2D;
  /** Both from one forward pass. */
  featuresAndLogits(x: tf.Tensor): { features: tf.Tensor2D; logits: tf.Tensor2D };
}

interface Slot {
  name: string;
  shape: number[];
  /** Fan-in of the layer (for the initial scale), 0 for a bias. */
  fanIn: number;
}

/** The layers' tensors in θ, in order. */
export function classifierSlots(c: ClassifierConfig): Slot[] {
  const [c1, c2] = c.channels;
  const p = Math.floor(c.size / 4);
  return [
    { name: 'conv1', shape: [3, 3, 1, c1], fanIn: 9 },
    { name: 'bias1', shape: [c1], fanIn: 0 },
    { name: 'conv2', shape: [3, 3, c1, c2], fanIn: 9 * c1 },
    { name: 'bias2', shape: [c2], fanIn: 0 },
    { name: 'dense3', shape: [p * p * c2, c.hidden], fanIn: p * p * c2 },
    { name: 'bias3', shape: [c.hidden], fanIn: 0 },
    { name: 'dense4', shape: [c.hidden, c.classes], fanIn: c.hidden },
    { name: 'bias4', shape: [c.classes], fanIn: 0 },
  ];
}

const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Number of entries of θ. */
export function classifierParamCount(c: ClassifierConfig): number {
  return classifierSlots(c).reduce((sum, s) => sum + sizeOf(s.shape), 0);
}

/** He-normal weights N(0, 2/fan-in) (He et al. 2015), zero biases; the logits layer at gain 1. */
export function classifierInit(c: ClassifierConfig, seed: number): tf.Tensor1D {
  const slots = classifierSlots(c);
  return tf.tidy(() => {
    const parts = slots.map((s, k) => {
      if (!s.fanIn) return tf.zeros([sizeOf(s.shape)]);
      const gain = k === slots.length - 2 ? 1 : Math.SQRT2;
      return tf.mul(normal<tf.Rank.R1>([sizeOf(s.shape)], deriveSeed(seed, k)), gain / Math.sqrt(s.fanIn));
    });
    return tf.concat(parts) as tf.Tensor1D;
  });
}

/** The layer tensors sliced out of θ (differentiable: the gradient of θ is the concatenation). */
function unpack(c: ClassifierConfig, theta: tf.Tensor1D): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  let at = 0;
  for (const s of classifierSlots(c)) {
    const size = sizeOf(s.shape);
    out[s.name] = tf.reshape(tf.slice(theta, [at], [size]), s.shape);
    at += size;
  }
  return out;
}

/** Images of any accepted layout as [n, s, s, 1]; a clear error otherwise. */
export function asClassifierImages(x: tf.Tensor, size: number): tf.Tensor4D {
  const n = x.shape[0];
  const fits = (x.rank === 2 && x.shape[1] === size * size) || (x.rank === 3 && x.shape[1] === size && x.shape[2] === size) || (x.rank === 4 && x.shape[1] === size && x.shape[2] === size && x.shape[3] === 1);
  if (!fits) throw new Error(`the digit classifier takes ${size}×${size} grey images ([n, ${size}, ${size}(, 1)] or rows [n, ${size * size}]), got [${x.shape}]`);
  return tf.reshape(x, [n, size, size, 1]);
}

/** φ(x): the penultimate features, and the logits when asked. */
export function classifierForward(c: ClassifierConfig, theta: tf.Tensor1D, x: tf.Tensor, withLogits: boolean): { features: tf.Tensor2D; logits?: tf.Tensor2D } {
  const w = unpack(c, theta);
  const images = asClassifierImages(x, c.size);
  const block = (h: tf.Tensor4D, conv: string, bias: string): tf.Tensor4D => tf.maxPool(tf.relu(tf.add(tf.conv2d(h, w[conv] as tf.Tensor4D, 1, 'same'), w[bias]) as tf.Tensor4D), 2, 2, 'valid');
  const h2 = block(block(images, 'conv1', 'bias1'), 'conv2', 'bias2');
  const flat = tf.reshape(h2, [images.shape[0], -1]) as tf.Tensor2D;
  const features = tf.relu(dense(flat, w.dense3 as tf.Tensor2D, w.bias3 as tf.Tensor1D));
  if (!withLogits) return { features };
  return { features, logits: dense(features, w.dense4 as tf.Tensor2D, w.bias4 as tf.Tensor1D) };
}

/**
 * Mean cross-entropy −(1/n) Σ log p(y_i | x_i) = (1/n) Σ [logsumexp(ℓ_i) − ℓ_{i, y_i}], and the
 * number of correct predictions (arg max ℓ_i = y_i, not differentiable; a side output).
 */
export function classifierLoss(c: ClassifierConfig, theta: tf.Tensor1D, x: tf.Tensor, labels: tf.Tensor1D): { loss: tf.Scalar; correct: tf.Scalar } {
  const logits = classifierForward(c, theta, x, true).logits as tf.Tensor2D;
  const oneHot = tf.oneHot(labels, c.classes);
  const loss = tf.mean(tf.sub(tf.logSumExp(logits, 1), tf.sum(tf.mul(logits, oneHot), 1))) as tf.Scalar;
  const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32')) as tf.Scalar;
  return { loss, correct };
}

/** A classifier with these weights θ (taken over), or fresh ones drawn from `seed`. */
export function buildClassifier(config: ClassifierConfig, theta: tf.Tensor | number): ClassifierNet {
  const values = { theta: typeof theta === 'number' ? classifierInit(config, theta) : theta };
  return createModel(config, values, (variables) => ({
    classes: config.classes,
    features: (x: tf.Tensor) => tf.tidy(() => classifierForward(config, variables.theta as tf.Tensor1D, x, false).features),
    logits: (x: tf.Tensor) => tf.tidy(() => classifierForward(config, variables.theta as tf.Tensor1D, x, true).logits as tf.Tensor2D),
    featuresAndLogits: (x: tf.Tensor) => tf.tidy(() => classifierForward(config, variables.theta as tf.Tensor1D, x, true) as { features: tf.Tensor2D; logits: tf.Tensor2D }),
  }));
}

/** The config of a new classifier. */
export function classifierConfig(p: { size: number; channels: [number, number]; hidden: number }): ClassifierConfig {
  if (p.size < 4) throw new Error(`the digit classifier needs images of at least 4×4 pixels, got ${p.size}`);
  return { kind: 'digit-classifier', size: p.size, channels: p.channels, hidden: p.hidden, classes: 10 };
}
