import { encodeModelFile } from '../../nodes/lib/nn/model-file';
import { isModel } from '../../nodes/lib/nn/model';
import type { Values } from '../engine/node';
import type { CliArgs } from './args';

/**
 * `--save-weights <node>=<file>`: the node's `model` output (a trained network) as a safetensors
 * model file (nodes/lib/nn/model-file.ts) in `--weights-dtype` (F16 halves a shipped model).
 * Returns [path, bytes] pairs for the caller to write; a node without a model output is an error
 * that names it.
 */
export async function trainedWeightFiles(args: Pick<CliArgs, 'saveWeights' | 'weightsDtype' | 'file' | 'seed'>, outputsOf: (id: string) => Values | undefined): Promise<[string, Uint8Array][]> {
  const files: [string, Uint8Array][] = [];
  for (const [id, path] of Object.entries(args.saveWeights ?? {})) {
    const model = outputsOf(id)?.model;
    if (!isModel(model)) throw new Error(`--save-weights ${id}=${path}: node '${id}' has no trained model output (did it run? see --targets)`);
    // The node's curves travel with the network, so `--load-weights` (load-weights.ts) restores them too.
    const series = Object.fromEntries(Object.entries(outputsOf(id) ?? {}).filter(([, v]) => isSeries(v)));
    files.push([path, await encodeModelFile(model, args.weightsDtype ?? 'F32', { source: `${args.file}#${id}`, savedAt: new Date().toISOString(), series: JSON.stringify(series) })]);
  }
  return files;
}

function isSeries(v: unknown): boolean {
  const s = v as { x?: unknown; y?: unknown; name?: unknown } | undefined;
  return typeof s?.name === 'string' && Array.isArray(s.x) && Array.isArray(s.y);
}
