import type * as tf from '@tensorflow/tfjs';
import { buildClassifier, type ClassifierConfig } from './classifier-net';
import { cloneValues, type Model, type ModelConfig, type NamedWeights } from './model';
import { buildScoreNet, type ScoreNetConfig } from './score-net';
import { buildUNet, type UNetConfig } from './unet';
import { buildVae, type VaeConfig } from './vae-net';

/**
 * Every model kind, built from its config and either weight tensors (taken over) or a seed for
 * fresh weights: the one place that knows them all, so storage can restore any model from
 * (config, weights) and trainers can copy one.
 */
type Builder = (config: ModelConfig, init: Record<string, tf.Tensor> | number) => Model;

const builders: Record<string, Builder> = {
  'score-mlp': (c, init) => buildScoreNet(c as ScoreNetConfig, typeof init === 'number' ? init : init.theta),
  unet: (c, init) => buildUNet(c as UNetConfig, typeof init === 'number' ? init : init.theta),
  vae: (c, init) => buildVae(c as VaeConfig, typeof init === 'number' ? init : { encoder: init.encoder, decoder: init.decoder }),
  'digit-classifier': (c, init) => buildClassifier(c as ClassifierConfig, typeof init === 'number' ? init : init.theta),
};

function builder(kind: string): Builder {
  const b = builders[kind];
  if (!b) throw new Error(`unknown model kind '${kind}' (known: ${Object.keys(builders).join(', ')})`);
  return b;
}

/** A new model with the same config and a copy of the current weights, owned by the caller. */
export function copyModel<M extends Model>(model: M): M {
  const b = builder(model.kind);
  return b(model.config, cloneValues(model)) as M;
}

/** A model rebuilt from stored config and weights (e.g. from IndexedDB); names and sizes are checked. */
export function restoreModel(config: ModelConfig, weights: NamedWeights): Model {
  const model = builder(config.kind)(config, 0);
  try {
    model.setWeights(weights);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}
