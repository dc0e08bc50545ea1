import type { Persist } from '../../../src/engine/persist';
import type { Values } from '../../../src/engine/node';
import type { Series } from '../../../src/engine/values';
import { restoreModel } from './kinds';
import { isModel, type Model, type ModelConfig } from './model';

/**
 * How a training node's result is kept in the weight store: the trained model's weights
 * as named tensors, its config and the node's curves (series outputs) as JSON. Restoring
 * rebuilds the model (restoreModel checks names and sizes) and whatever else the node
 * derives from it (a predictor), so reopening a graph does not retrain.
 */
export function modelPersist(seriesPorts: readonly string[], derive: (model: Model) => Values = () => ({})): Persist {
  return {
    async save(outputs) {
      const model = outputs.model;
      if (!isModel(model)) throw new Error('no trained model to save');
      const weights = await model.getWeights();
      const tensors = Object.fromEntries(Object.entries(weights).map(([name, data]) => [name, { shape: [...model.variables[name].shape], data }]));
      const series = Object.fromEntries(seriesPorts.map((port) => [port, outputs[port] as Series]));
      return { tensors, config: { model: model.config as unknown as Record<string, unknown>, series } };
    },
    restore(stored) {
      const { model: config, series } = stored.config as { model: ModelConfig; series: Record<string, Series> };
      if (!config || !series || seriesPorts.some((p) => !series[p])) throw new Error('stored weights do not hold this node’s result');
      const model = restoreModel(config, Object.fromEntries(Object.entries(stored.tensors).map(([name, t]) => [name, t.data])));
      return { model, ...series, ...derive(model) };
    },
  };
}

/**
 * A model node's (model/unet, model/score-mlp, model/vae, model/classifier) weight-store record:
 * nothing of its own runs is kept (a fresh network is cheap to draw again from its seed), but
 * weights loaded from a file into the store under its key (`--load-weights`, "Load weights…")
 * replace the seeded ones: the node shows cached and everything downstream (a predictor, a
 * sampler, a training that starts from them) uses the loaded network. The loaders check the
 * file's architecture against the node's params (src/export/torch/load-weights.ts); the file's
 * own config is restored, with the frequencies of a Fourier embedding that belong to its weights.
 */
export function loadedModelPersist(derive: (model: Model) => Values = () => ({})): Persist {
  return {
    restore(stored) {
      const { model: config } = stored.config as { model?: ModelConfig };
      if (!config) throw new Error('stored weights do not hold a network');
      const model = restoreModel(config, Object.fromEntries(Object.entries(stored.tensors).map(([name, t]) => [name, t.data])));
      return { model, ...derive(model) };
    },
  };
}
