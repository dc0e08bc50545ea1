import { decodeModelFile } from '../../../nodes/lib/nn/model-file-decode';
import { storedTrainedModel } from '../../../nodes/lib/nn/stored-model';
import { decodeSafetensors } from '../../../nodes/lib/safetensors';
import type { StoredWeights } from '../../engine/persist';
import type { ModelConfig } from '../../engine/values';

/**
 * Weights back into the lab, for the page's "Load weights…" (src/editor/actions/load-weights.ts;
 * the CLI's `--load-weights` is src/cli/load-weights.ts): a model file's bytes, as graph.py or the
 * lab wrote them, checked (format, kind, every layer's shape, and for a model node the
 * architecture its params ask for) and turned into the weight-store record of a training or model
 * node (nodes/lib/nn/stored-model.ts). No tfjs: it runs on the page, loaded on first use.
 */
export interface WeightTarget {
  id: string;
  /** The node's type, and its params with defaults applied (for a model node's architecture check). */
  type?: string;
  params?: Record<string, unknown>;
  portType: string;
  seriesPorts: readonly string[];
}

export function storedFromModelFile(bytes: Uint8Array, name: string, node: WeightTarget): { stored: StoredWeights; kind: string; count: number } {
  const model = decodeModelFile(decodeSafetensors(bytes, name), name);
  const issue = node.type && node.params ? architectureIssue(node.id, node.type, node.params, model.config) : undefined;
  if (issue) throw new Error(issue);
  const stored = storedTrainedModel(model, node);
  return { stored, kind: model.config.kind, count: Object.values(model.weights).reduce((n, w) => n + w.length, 0) };
}

/**
 * The architecture a model node's params ask for, as the fields of the network's config (its
 * `run` builds that config from them; the seed only draws the initial weights and, for a Fourier
 * embedding, its frequencies, which belong to the loaded weights and come with the file).
 */
const ARCHITECTURE: Record<string, (p: Record<string, unknown>) => Record<string, unknown>> = {
  'model/unet': (p) => pick(p, ['height', 'width', 'channels', 'levels', 'blocks', 'attention', 'classes', 'embedding', 'output']),
  'model/score-mlp': (p) => pick(p, ['dim', 'hidden', 'layers', 'activation', 'embedding', 'output']),
  'model/vae': (p) => pick(p, ['height', 'width', 'latentDim', 'hidden', 'activation']),
  'model/classifier': (p) => ({ size: p.size, channels: [p.channels1, p.channels2], hidden: p.hidden }),
};

/** The node types whose weights load from a file without training (model nodes). */
export const MODEL_NODE_TYPES: readonly string[] = Object.keys(ARCHITECTURE);

function pick(p: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, p[k]]));
}

/**
 * Why a file's network does not fit model node `id` (its params ask for another architecture),
 * naming the node and every field that differs; undefined when it fits or the node is no model node.
 */
export function architectureIssue(id: string, type: string, params: Record<string, unknown>, config: ModelConfig): string | undefined {
  const want = ARCHITECTURE[type]?.(params);
  if (!want) return undefined;
  const file = config as unknown as Record<string, unknown>;
  const differ = Object.keys(want).filter((k) => JSON.stringify(want[k]) !== JSON.stringify(file[k]));
  if (!differ.length) return undefined;
  const show = (o: Record<string, unknown>) => differ.map((k) => `${k} ${JSON.stringify(o[k]) ?? 'none'}`).join(', ');
  return `node '${id}' (${type}) is set to ${show(want)}; the file's network has ${show(file)}: set the node's params to the file's, or load a file of this architecture`;
}
