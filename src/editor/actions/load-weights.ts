import type { GraphFile } from '../../engine/format';
import { portSpec } from '../../engine/ports';
import { graphCacheKeys } from '../../sharing/cache-keys';
import { getStorage } from '../../storage';
import { getEngine } from '../engine';
import { manifestEntry, nodeDef, registry } from '../registry';
import { getGraph } from '../store/graph';
import { showToast } from '../store/ui';

/**
 * "Load weights…" on a node that holds a network (it persists, with a model output): a training
 * node (train/denoising, train/vae, train/classifier) or a model node (model/unet, model/score-mlp,
 * model/vae, model/classifier). A network trained elsewhere (a PyTorch export's
 * <out>/weights/<node>.safetensors, perhaps from a GPU cluster, or the CLI's --save-weights file)
 * becomes the node's stored result, under the node's cache key in the weight store: a training
 * node's as if the lab had trained it, a model node's in place of its seeded initial weights. The
 * next run restores it (the node shows cached) and everything downstream samples and measures the
 * loaded network. The file is checked here (format, network kind, every layer's shape, and for a
 * model node the architecture its params ask for) before anything is stored.
 */
export function canLoadWeights(type: string): boolean {
  return !!networkPorts(type);
}

function networkPorts(type: string): { portType: string; seriesPorts: string[] } | undefined {
  const def = nodeDef(type);
  const model = def?.outputs.model;
  if (!def || !model || !manifestEntry(type)?.persists) return undefined;
  const portType = portSpec(model).type;
  return { portType, seriesPorts: Object.entries(def.outputs).filter(([, p]) => portSpec(p).type === 'series').map(([port]) => port) };
}

/** The ids of the nodes downstream of `id` (not itself). */
function downstream(graph: GraphFile, id: string): Set<string> {
  const out = new Set<string>();
  for (let frontier = [id]; frontier.length; ) {
    const next = graph.edges.filter((e) => frontier.includes(e.source) && !out.has(e.target)).map((e) => e.target);
    next.forEach((t) => out.add(t));
    frontier = next;
  }
  return out;
}

/** Ask for a .safetensors file (or take `file`) and store it as node `nodeId`'s network. */
export async function loadWeightsInto(nodeId: string, file?: File): Promise<void> {
  const chosen = file ?? (await pickFile());
  if (!chosen) return;
  const graph = getGraph();
  const node = graph.nodes.find((n) => n.id === nodeId);
  const ports = node && networkPorts(node.type);
  if (!node || !ports) return showToast(`Load weights: '${nodeId}' holds no network (a training or model node does)`, 'error');
  try {
    const { storedFromModelFile } = await import('../../export/torch/load-weights');
    const params = nodeDef(node.type)!.params.parse(node.params ?? {}) as Record<string, unknown>;
    const { stored, kind, count } = storedFromModelFile(new Uint8Array(await chosen.arrayBuffer()), chosen.name, { id: nodeId, type: node.type, params, ...ports });
    const keys = graphCacheKeys(graph, registry);
    const key = keys.get(nodeId);
    if (!key) throw new Error('the graph has problems to fix first (see the node errors)');
    const put = await getStorage().weights.put(key, stored);
    if (!put.ok) throw put.error;
    // A training downstream keeps its result under a key that does not see the loaded weights:
    // drop it, so it trains again from this network.
    const retrain = [...downstream(graph, nodeId)].filter((id) => networkPorts(graph.nodes.find((n) => n.id === id)?.type ?? '') && keys.get(id));
    for (const id of retrain) await getStorage().weights.delete(keys.get(id)!);
    // Results held in memory would shadow the stored ones: the next run restores from storage.
    await getEngine().clearCache();
    const what = ports.seriesPorts.length ? 'the node shows cached instead of training' : 'the node shows cached and its network replaces the seeded one';
    const again = retrain.length ? `; ${retrain.map((id) => `'${id}'`).join(', ')} will train again from it` : '';
    showToast(`Loaded ${chosen.name} into '${nodeId}' (a ${kind}, ${count.toLocaleString('en')} weights): run to use it; ${what}${again}.`);
  } catch (e) {
    showToast(`Could not load ${chosen.name} into '${nodeId}': ${(e as Error).message}`, 'error', undefined, 10_000);
  }
}

function pickFile(): Promise<File | undefined> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.safetensors';
    input.addEventListener('change', () => resolve(input.files?.[0]));
    input.addEventListener('cancel', () => resolve(undefined));
    input.click();
  });
}
