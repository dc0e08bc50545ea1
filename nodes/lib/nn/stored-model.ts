import type { StoredWeights } from '../../../src/engine/persist';
import type { ModelConfig, NamedWeights } from '../../../src/engine/values';

/**
 * A trained network from a file (a lab model file, or what an exported graph.py wrote) as the
 * weight-store record a training node's persist.restore reads (persist-model.ts): its weights by
 * variable, its config, and the node's curves, taken from the file's `series` metadata where it
 * has them, else empty. The network's kind must be one the node's model port carries. No tfjs: the
 * CLI (`--load-weights`) and the page ("Load weights…") both use it.
 */
export const PORT_KINDS: Record<string, readonly string[]> = { 'score-net': ['score-mlp', 'unet'], vae: ['vae'], classifier: ['digit-classifier'] };

export function storedTrainedModel(model: { config: ModelConfig; weights: NamedWeights; metadata: Record<string, string> }, node: { id: string; portType: string; seriesPorts: readonly string[] }): StoredWeights {
  const kinds = PORT_KINDS[node.portType] ?? [];
  if (!kinds.includes(model.config.kind)) throw new Error(`the file holds a ${model.config.kind}, node '${node.id}' outputs a ${node.portType} (${kinds.join(' or ')})`);
  let saved: Record<string, unknown> = {};
  try {
    saved = model.metadata.series ? (JSON.parse(model.metadata.series) as Record<string, unknown>) : {};
  } catch {
    throw new Error('the file’s __metadata__.series is not valid JSON');
  }
  const series = Object.fromEntries(node.seriesPorts.map((port) => [port, saved[port] ?? { name: port, xLabel: 'step', yLabel: port, x: [], y: [] }]));
  const tensors = Object.fromEntries(Object.entries(model.weights).map(([name, data]) => [name, { shape: [data.length], data }]));
  return { tensors, config: { model: model.config as unknown as Record<string, unknown>, series } };
}
