import { portSpec } from '../../engine/ports';
import { graphCacheKeys } from '../../sharing/cache-keys';
import { getStorage } from '../../storage';
import { getEngine } from '../engine';
import { manifestEntry, nodeDef, registry } from '../registry';
import { getGraph } from '../store/graph';
import { showToast } from '../store/ui';

/**
 * "Load weights…" on a training node (one that keeps its trained network: persists, with a model output) (train/denoising, train/vae, train/classifier): a network
 * trained elsewhere (a PyTorch export's <out>/weights/<node>.safetensors, perhaps from a GPU
 * cluster, or the CLI's --save-weights file) becomes the node's stored result, under the node's
 * cache key in the weight store, exactly as if the lab had trained it: the next run restores it
 * (the node shows cached) and everything downstream samples and measures the loaded network. The
 * file is checked here (format, network kind, every layer's shape) before anything is stored.
 */
export function canLoadWeights(type: string): boolean {
  return !!trainingPorts(type);
}

function trainingPorts(type: string): { portType: string; seriesPorts: string[] } | undefined {
  const def = nodeDef(type);
  const model = def?.outputs.model;
  if (!def || !model || !manifestEntry(type)?.persists) return undefined;
  const portType = portSpec(model).type;
  return { portType, seriesPorts: Object.entries(def.outputs).filter(([, p]) => portSpec(p).type === 'series').map(([port]) => port) };
}

/** Ask for a .safetensors file (or take `file`) and store it as node `nodeId`'s trained network. */
export async function loadWeightsInto(nodeId: string, file?: File): Promise<void> {
  const chosen = file ?? (await pickFile());
  if (!chosen) return;
  const graph = getGraph();
  const node = graph.nodes.find((n) => n.id === nodeId);
  const ports = node && trainingPorts(node.type);
  if (!node || !ports) return showToast(`Load weights: '${nodeId}' is not a training node`, 'error');
  try {
    const { storedFromModelFile } = await import('../../export/torch/load-weights');
    const { stored, kind, count } = storedFromModelFile(new Uint8Array(await chosen.arrayBuffer()), chosen.name, { id: nodeId, ...ports });
    const key = graphCacheKeys(graph, registry).get(nodeId);
    if (!key) throw new Error('the graph has problems to fix first (see the node errors)');
    const put = await getStorage().weights.put(key, stored);
    if (!put.ok) throw put.error;
    // Results held in memory would shadow the stored ones: the next run restores from storage.
    await getEngine().clearCache();
    showToast(`Loaded ${chosen.name} into '${nodeId}' (a ${kind}, ${count.toLocaleString('en')} weights): run to use it; the node shows cached instead of training.`);
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
