import * as tf from '@tensorflow/tfjs';
import type { Model, ModelConfig, NamedWeights } from '../../../src/engine/values';

/**
 * The value on a 'score-net', 'vae' or 'classifier' port: a network's weights as a few large
 * tf.Variables (Adam costs about 0.8 ms per variable per step on tfjs-wasm, so each network keeps one
 * flat vector per part), its JSON-able config, and weight transfer for storage. The node that outputs
 * a model owns its variables; a node that trains one trains a copy (`copyModel`). Types: the engine's
 * port contract (src/engine/values.ts).
 */
export type { Model, ModelConfig, NamedWeights } from '../../../src/engine/values';

/** Is `v` a live model (optionally of one kind)? */
export function isModel(v: unknown, kind?: string): v is Model {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Partial<Model>;
  return typeof m.kind === 'string' && typeof m.getWeights === 'function' && typeof m.variables === 'object' && (kind === undefined || m.kind === kind);
}

/**
 * The part every model shares: variables made from `initial` (the tensors are taken over:
 * each becomes a variable's value and is not to be used by the caller afterwards), and
 * `extra` (methods, read through the same object). `onDispose` releases what `extra` holds.
 */
export function createModel<C extends ModelConfig, E extends object>(config: C, initial: Record<string, tf.Tensor>, extra: (variables: Record<string, tf.Variable>) => E & { onDispose?: () => void }): Model<C> & E {
  const variables: Record<string, tf.Variable> = {};
  for (const [name, t] of Object.entries(initial)) {
    variables[name] = tf.variable(t, true);
    t.dispose();
  }
  let disposed = false;
  const { onDispose, ...methods } = extra(variables);
  const base: Model<C> = {
    kind: config.kind,
    config,
    variables,
    async getWeights() {
      const out: NamedWeights = {};
      for (const [name, v] of Object.entries(variables)) out[name] = (await v.data()) as Float32Array;
      return out;
    },
    setWeights(weights: NamedWeights) {
      // Check everything before assigning anything: a bad set leaves the model as it was.
      for (const [name, v] of Object.entries(variables)) {
        const w = weights[name];
        if (!w) throw new Error(`weights for '${name}' are missing (a ${config.kind} model has ${Object.keys(variables).join(', ')})`);
        if (w.length !== v.size) throw new Error(`weights '${name}' have ${w.length} entries, the ${config.kind} model needs ${v.size}`);
      }
      const extra = Object.keys(weights).filter((n) => !(n in variables));
      if (extra.length) throw new Error(`unknown weights ${extra.join(', ')} for a ${config.kind} model`);
      for (const [name, v] of Object.entries(variables)) tf.tidy(() => v.assign(tf.tensor(weights[name], v.shape)));
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      onDispose?.();
      for (const v of Object.values(variables)) v.dispose();
    },
    get isDisposed() {
      return disposed;
    },
  };
  // Object.assign keeps base's getter (a spread would freeze isDisposed at false).
  return Object.assign(base, methods) as Model<C> & E;
}

/** Current values of a model's variables as fresh tensors (for building a copy). */
export function cloneValues(model: Model): Record<string, tf.Tensor> {
  if (model.isDisposed) throw new Error(`the ${model.kind} model has been disposed`);
  return Object.fromEntries(Object.entries(model.variables).map(([name, v]) => [name, tf.clone(v)]));
}
