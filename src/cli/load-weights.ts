import { readFile } from 'node:fs/promises';
import { decodeModelFile } from '../../nodes/lib/nn/model-file';
import { decodeSafetensors } from '../../nodes/lib/safetensors';
import type { GraphFile } from '../engine/format';
import { MemoryWeightStore, type StoredWeights } from '../engine/persist';
import { planRun } from '../engine/planner';
import type { NodeRegistry } from '../engine/registry';
import { validateGraph } from '../engine/validate';
import { CHECKPOINT_FORMAT, checkpointModelWeights } from './checkpoints';

/**
 * `--load-weights <node>=<file>`: a training node takes its trained network from a file instead of
 * training: a lab model file (`--save-weights`, or what an exported graph.py wrote to
 * <out>/weights/<node>.safetensors, perhaps trained on a GPU cluster) or a training checkpoint
 * (its EMA network, as `--checkpoint` keeps it). The file is put in a weight store under the
 * node's cache key, so the executor restores the node from it as it restores a stored training
 * (the node reports `cached`), and everything downstream runs on the loaded network. The node's
 * curves come from the file's `series` metadata when it has them (graph.py writes them), else they
 * are empty.
 */

/** The network kinds each model port type accepts. */
const KINDS: Record<string, string[]> = { 'score-net': ['score-mlp', 'unet'], vae: ['vae'], classifier: ['digit-classifier'] };

export async function loadedWeightStore(files: Record<string, string>, graph: GraphFile, registry: NodeRegistry): Promise<MemoryWeightStore> {
  const validation = validateGraph(graph, registry);
  const keys = new Map(planRun(validation.nodes, graph.seed, Object.keys(files)).map((p) => [p.id, p.key]));
  const store = new MemoryWeightStore();
  for (const [id, path] of Object.entries(files)) {
    const where = `--load-weights ${id}=${path}`;
    const node = graph.nodes.find((n) => n.id === id);
    if (!node) throw new Error(`${where}: there is no node '${id}' (nodes: ${graph.nodes.map((n) => n.id).join(', ')})`);
    const def = registry.get(node.type);
    const modelPort = def?.outputs.model;
    const portType = typeof modelPort === 'string' ? modelPort : modelPort?.type;
    if (!def?.persist || !portType || !KINDS[portType]) throw new Error(`${where}: node '${id}' (${node.type}) does not train a network; weights load into training nodes (train/denoising, train/vae, train/classifier)`);
    const file = decodeSafetensors(new Uint8Array(await readFile(path)), path);
    const { config, weights, metadata } = file.metadata.format === CHECKPOINT_FORMAT ? checkpointModelWeights(file, path) : decodeModelFile(file, path);
    if (!KINDS[portType].includes(config.kind)) throw new Error(`${where}: the file holds a ${config.kind}, node '${id}' outputs a ${portType} (${KINDS[portType].join(' or ')})`);
    const seriesPorts = Object.entries(def.outputs).filter(([, p]) => (typeof p === 'string' ? p : p.type) === 'series').map(([port]) => port);
    const saved = (metadata.series ? JSON.parse(metadata.series) : {}) as Record<string, unknown>;
    const series = Object.fromEntries(seriesPorts.map((port) => [port, saved[port] ?? { name: port, xLabel: 'step', yLabel: port, x: [], y: [] }]));
    const stored: StoredWeights = { tensors: Object.fromEntries(Object.entries(weights).map(([name, data]) => [name, { shape: [data.length], data }])), config: { model: config as unknown as Record<string, unknown>, series } };
    const key = keys.get(id);
    if (key) store.entries.set(key, stored);
  }
  return store;
}
