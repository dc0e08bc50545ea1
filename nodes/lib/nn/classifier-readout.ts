import * as tf from '@tensorflow/tfjs';
import { NodeRunError } from '../../../src/engine/context';
import { asClassifierImages, type ClassifierNet } from './classifier-net';

/** The digit classifier on `port`, or a NodeRunError naming the port. */
export function digitClassifier(value: unknown, port: string): ClassifierNet {
  const net = value as Partial<ClassifierNet> | undefined;
  if (typeof net?.featuresAndLogits !== 'function' || net.kind !== 'digit-classifier') throw new NodeRunError(`${port}: expected a digit classifier (model/classifier, trained by train/classifier)`, port);
  return net as ClassifierNet;
}

/** What a classifier says about a batch of images, read to the CPU. */
export interface ClassifierReadout {
  n: number;
  /** Penultimate features φ(x), row-major [n, hidden]. */
  features: Float32Array;
  hidden: number;
  /** arg max_k p(k | x) of each image. */
  predicted: Int32Array;
  /** max_k p(k | x) of each image (the confidence of the prediction). */
  confidence: Float32Array;
}

/** Images per forward pass: bounds the activations held at once (~50 MB at 28×28 with 16/32 channels). */
const CHUNK = 500;

/**
 * Features, predicted class and confidence of every image of x (any layout the classifier takes;
 * otherwise a NodeRunError on `port`), in chunks of CHUNK images; `between` runs after each chunk
 * (a cancel checkpoint).
 */
export async function readClassifier(net: ClassifierNet, x: tf.Tensor, port: string, between?: () => Promise<void>): Promise<ClassifierReadout> {
  try {
    tf.tidy(() => void asClassifierImages(x, net.config.size));
  } catch (e) {
    throw new NodeRunError(`${port}: ${(e as Error).message}`, port);
  }
  const n = x.shape[0];
  const hidden = net.config.hidden;
  const features = new Float32Array(n * hidden);
  const predicted = new Int32Array(n);
  const confidence = new Float32Array(n);
  for (let start = 0; start < n; start += CHUNK) {
    const count = Math.min(CHUNK, n - start);
    const [f, top, arg] = tf.tidy(() => {
      const chunk = tf.slice(x, [start, ...x.shape.slice(1).map(() => 0)], [count, ...x.shape.slice(1)]);
      const { features: phi, logits } = net.featuresAndLogits(chunk);
      return [phi, tf.max(tf.softmax(logits), 1), tf.argMax(logits, 1)];
    });
    try {
      features.set((await f.data()) as Float32Array, start * hidden);
      confidence.set((await top.data()) as Float32Array, start);
      predicted.set((await arg.data()) as Int32Array, start);
    } finally {
      tf.dispose([f, top, arg]);
    }
    await between?.();
  }
  return { n, features, hidden, predicted, confidence };
}

/** Fraction of the images whose prediction has confidence above `threshold`. */
export function confidentFraction(r: ClassifierReadout, threshold: number): number {
  let count = 0;
  for (const c of r.confidence) if (c > threshold) count++;
  return count / r.n;
}

/** Fraction of the images predicted as each class 0…K−1. */
export function classHistogram(r: ClassifierReadout, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const k of r.predicted) counts[k]++;
  return counts.map((c) => c / r.n);
}
