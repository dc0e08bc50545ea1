import type { SafeFile } from '../safetensors';
import type { ModelConfig, NamedWeights } from '../../../src/engine/values';
import type { UNetConfig } from './unet';
import { unetSlots } from './unet-layout';

/**
 * Reading a lab model file (model-file.ts) without tfjs, so the page can check a file before
 * handing it to the worker: its config from `__metadata__.config`, its weights by variable (a U-Net's
 * layer slots joined back into its flat θ, every slot's name and shape checked).
 */
export const MODEL_FORMAT = 'diffusion-graph-lab/model';

/** Config and weights of a decoded model file (decodeSafetensors); `what` names the file in errors. */
export function decodeModelFile(file: SafeFile, what: string): { config: ModelConfig; weights: NamedWeights; metadata: Record<string, string> } {
  const { tensors, metadata } = file;
  if (metadata.format !== MODEL_FORMAT) throw new Error(`${what}: not a model file of the lab (__metadata__.format is ${JSON.stringify(metadata.format)}, expected "${MODEL_FORMAT}")`);
  let config: ModelConfig;
  try {
    config = JSON.parse(metadata.config) as ModelConfig;
  } catch {
    throw new Error(`${what}: __metadata__.config is not valid JSON`);
  }
  if (typeof config?.kind !== 'string') throw new Error(`${what}: __metadata__.config names no model kind`);
  if (config.kind !== 'unet') return { config, weights: Object.fromEntries(Object.entries(tensors).map(([n, t]) => [n, t.data])), metadata };
  const slots = unetSlots(config as UNetConfig);
  const last = slots.at(-1)!;
  const theta = new Float32Array(last.offset + last.size);
  for (const s of slots) {
    const t = tensors[s.name];
    if (!t) throw new Error(`${what}: the U-Net weight '${s.name}' is missing`);
    if (t.shape.join(',') !== s.shape.join(',')) throw new Error(`${what}: '${s.name}' has shape [${t.shape}], the U-Net needs [${s.shape}]`);
    theta.set(t.data, s.offset);
  }
  const extra = Object.keys(tensors).filter((n) => !slots.some((s) => s.name === n));
  if (extra.length) throw new Error(`${what}: unknown tensors ${extra.slice(0, 5).join(', ')} for this U-Net`);
  return { config, weights: { theta }, metadata };
}

