import * as tf from '@tensorflow/tfjs';
import type { SafeFile, SafeTensor } from '../safetensors';
import { buildClassifier, classifierSlots, type ClassifierConfig, type ClassifierNet } from './classifier-net';

/**
 * A digit classifier as a safetensors file (nodes/lib/safetensors.ts): one tensor per layer, named
 * and shaped as classifierSlots (conv1 [3, 3, 1, c₁], bias1, conv2 [3, 3, c₁, c₂], bias2,
 * dense3 [p²c₂, h], bias3, dense4 [h, 10], bias4; TensorFlow layouts), and the config as JSON in
 * the metadata's `config`. public/models/mnist-classifier.safetensors is graphs/recipes/mnist-classifier.json's
 * trained node in this form.
 */
export async function classifierTensors(net: ClassifierNet): Promise<Record<string, SafeTensor>> {
  const theta = (await net.variables.theta.data()) as Float32Array;
  const out: Record<string, SafeTensor> = {};
  let at = 0;
  for (const s of classifierSlots(net.config)) {
    const size = s.shape.reduce((a, b) => a * b, 1);
    out[s.name] = { shape: s.shape, data: theta.slice(at, at + size) };
    at += size;
  }
  return out;
}

/** The classifier a decoded file holds; every missing or misshapen layer is named. */
export function classifierFromFile(file: SafeFile, what: string): ClassifierNet {
  let config: ClassifierConfig;
  try {
    config = JSON.parse(file.metadata.config ?? 'null') as ClassifierConfig;
  } catch {
    throw new Error(`${what}: the metadata's config is not JSON`);
  }
  if (config?.kind !== 'digit-classifier') throw new Error(`${what}: not a digit classifier (metadata config kind ${JSON.stringify(config?.kind)})`);
  const slots = classifierSlots(config);
  const parts = slots.map((s) => {
    const t = file.tensors[s.name];
    if (!t) throw new Error(`${what}: layer '${s.name}' is missing`);
    if (t.shape.join(',') !== s.shape.join(',')) throw new Error(`${what}: layer '${s.name}' has shape [${t.shape}], the config needs [${s.shape}]`);
    return t.data;
  });
  const extra = Object.keys(file.tensors).filter((name) => !slots.some((s) => s.name === name));
  if (extra.length) throw new Error(`${what}: unknown layers ${extra.join(', ')}`);
  const theta = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    theta.set(p, at);
    at += p.length;
  }
  return buildClassifier(config, tf.tensor1d(theta));
}
