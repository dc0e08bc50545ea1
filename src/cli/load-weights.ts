import { readFile } from 'node:fs/promises';
import { decodeModelFile } from '../../nodes/lib/nn/model-file-decode';
import { PORT_KINDS, storedTrainedModel } from '../../nodes/lib/nn/stored-model';
import { decodeSafetensors } from '../../nodes/lib/safetensors';
import type { GraphFile } from '../engine/format';
import { MemoryWeightStore } from '../engine/persist';
import type { NodeRegistry } from '../engine/registry';
import { graphCacheKeys } from '../sharing/cache-keys';
import { architectureIssue, MODEL_NODE_TYPES } from '../export/torch/load-weights';
import { CHECKPOINT_FORMAT, checkpointModelWeights } from './checkpoints';

/**
 * `--load-weights <node>=<file>`: a training node takes its trained network from a file instead of
 * training, and a model node (model/unet, model/score-mlp, model/vae, model/classifier) takes it
 * instead of its seeded initial weights: a lab model file (`--save-weights`, or what an exported
 * graph.py wrote to <out>/weights/<node>.safetensors, perhaps trained on a GPU cluster) or a
 * training checkpoint (its EMA network, as `--checkpoint` keeps it). A model node's file must have
 * the architecture its params ask for (architectureIssue names the node and each field that
 * differs). The file goes into a weight store under the node's cache key, so the executor restores
 * the node from it as it restores a stored training (the node reports `cached`) and everything
 * downstream runs on the loaded network (stored-model.ts, persist-model.ts).
 */
export async function loadedWeightStore(files: Record<string, string>, graph: GraphFile, registry: NodeRegistry): Promise<MemoryWeightStore> {
  const keys = graphCacheKeys(graph, registry);
  const store = new MemoryWeightStore();
  for (const [id, path] of Object.entries(files)) {
    const where = `--load-weights ${id}=${path}`;
    const node = graph.nodes.find((n) => n.id === id);
    if (!node) throw new Error(`${where}: there is no node '${id}' (nodes: ${graph.nodes.map((n) => n.id).join(', ')})`);
    const target = trainingTarget(registry, node.type);
    if (!target)
      throw new Error(`${where}: node '${id}' (${node.type}) holds no network; weights load into training nodes (train/denoising, train/vae, train/classifier) and model nodes (${MODEL_NODE_TYPES.join(', ')})`);
    const file = decodeSafetensors(new Uint8Array(await readFile(path)), path);
    const model = file.metadata.format === CHECKPOINT_FORMAT ? checkpointModelWeights(file, path) : decodeModelFile(file, path);
    let stored;
    try {
      const issue = architectureIssue(id, node.type, registry.get(node.type)!.params.parse(node.params ?? {}) as Record<string, unknown>, model.config);
      if (issue) throw new Error(issue);
      stored = storedTrainedModel(model, { id, ...target });
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`, { cause: e });
    }
    const key = keys.get(id);
    if (key) store.entries.set(key, stored);
  }
  return store;
}

/** A node type that holds a network (a training or model node: it has a persist and a model output): its model port's type and its series ports. */
export function trainingTarget(registry: NodeRegistry, type: string): { portType: string; seriesPorts: string[] } | undefined {
  const def = registry.get(type);
  const portTypeOf = (p: unknown) => (typeof p === 'string' ? p : (p as { type: string }).type);
  const portType = def?.outputs.model && portTypeOf(def.outputs.model);
  if (!def?.persist || !portType || !PORT_KINDS[portType]) return undefined;
  return { portType, seriesPorts: Object.entries(def.outputs).filter(([, p]) => portTypeOf(p) === 'series').map(([port]) => port) };
}
