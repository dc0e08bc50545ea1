import type * as tf from '@tensorflow/tfjs';
import { buildClassifier, type ClassifierConfig, type ClassifierNet } from './classifier-net';
import { cloneValues, type Model, type ModelConfig, type NamedWeights } from './model';
import { buildScoreNet, type ScoreNet, type ScoreNetConfig } from './score-net';
import { buildUNet, type UNet, type UNetConfig } from './unet';
import { buildVae, type VaeConfig, type VaeNet } from './vae-net';

/** Each model kind's own type (its config's `kind` names it). */
export interface ModelOfKind {
  'score-mlp': ScoreNet;
  unet: UNet;
  vae: VaeNet;
  'digit-classifier': ClassifierNet;
}

/**
 * Whether `model` is of `kind`: a checked narrowing from a port's value type (a 'score-net'
 * input is some ScoreNetwork) to that kind's own type, config included, instead of a cast.
 */
export function isKind<K extends keyof ModelOfKind>(model: Model, kind: K): model is ModelOfKind[K] {
  return model.kind === kind;
}

/** One of the lab's score networks (a 'score-net' value: model/score-mlp or model/unet), or null for any other model. */
export function labScoreNet(model: Model): UNet | ScoreNet | null {
  return isKind(model, 'unet') || isKind(model, 'score-mlp') ? model : null;
}

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
} satisfies Record<keyof ModelOfKind, Builder>;

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

/** The model type whose config is C (a union of configs gives the union of their models). */
type ModelWithConfig<C extends ModelConfig> = Extract<ModelOfKind[keyof ModelOfKind], { config: C }> extends never ? Model : Extract<ModelOfKind[keyof ModelOfKind], { config: C }>;

/** A model rebuilt from stored config and weights (e.g. from IndexedDB); names and sizes are checked. Its type follows the config's. */
export function restoreModel<C extends ModelConfig>(config: C, weights: NamedWeights): ModelWithConfig<C> {
  const model = builder(config.kind)(config, 0) as ModelWithConfig<C>;
  try {
    model.setWeights(weights);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}
