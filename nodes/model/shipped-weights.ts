import type { AssetReader, TorchNode } from '../../src/export/torch/emitter';

/**
 * The export of a node that loads a shipped network (model/pretrained, model/pretrained-classifier):
 * public/models/<name>.safetensors travels as weights/<node>.safetensors next to graph.py, read there
 * by models/model_file.py's load_model_file (the lab's file, unchanged).
 */
export async function shippedWeights(node: TorchNode, reader: AssetReader): Promise<Record<string, Uint8Array>> {
  return { [`weights/${node.id}.safetensors`]: await reader.asset(`public/models/${String(node.params.name)}.safetensors`) };
}

/** Python: the node's weights file as a module on the run's device. */
export const loadShipped = (node: TorchNode) => `net = load_model_file(beside_script('weights', ${JSON.stringify(`${node.id}.safetensors`)})).to(ctx.device)`;
