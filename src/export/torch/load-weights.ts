import { decodeModelFile } from '../../../nodes/lib/nn/model-file-decode';
import { storedTrainedModel } from '../../../nodes/lib/nn/stored-model';
import { decodeSafetensors } from '../../../nodes/lib/safetensors';
import type { StoredWeights } from '../../engine/persist';

/**
 * Weights back into the lab, for the page's "Load weights…" (src/editor/actions/load-weights.ts;
 * the CLI's `--load-weights` is src/cli/load-weights.ts): a model file's bytes, as graph.py or the
 * lab wrote them, checked (format, kind, every layer's shape) and turned into the weight-store
 * record of a training node (nodes/lib/nn/stored-model.ts). No tfjs: it runs on the page, loaded on
 * first use.
 */
export function storedFromModelFile(bytes: Uint8Array, name: string, node: { id: string; portType: string; seriesPorts: readonly string[] }): { stored: StoredWeights; kind: string; count: number } {
  const model = decodeModelFile(decodeSafetensors(bytes, name), name);
  const stored = storedTrainedModel(model, node);
  return { stored, kind: model.config.kind, count: Object.values(model.weights).reduce((n, w) => n + w.length, 0) };
}
