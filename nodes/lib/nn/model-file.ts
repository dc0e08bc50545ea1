import { encodeSafetensors, type SafeDtype, type SafeFile, type SafeTensor } from '../safetensors';
import { restoreModel } from './kinds';
import type { Model, ModelConfig, NamedWeights } from './model';
import type { UNetConfig } from './unet';
import { unetSlots } from './unet-layout';

/**
 * A trained network as a safetensors file: its config as JSON in `__metadata__.config` and its
 * weights as named tensors. A U-Net's flat θ is written slot by slot under the layer names of
 * unet-layout.ts (`down.0.res.0.conv1.w` [3, 3, 32, 32], …), so the file reads like any other
 * checkpoint (and an exporter can map the names); other kinds keep their variables' names.
 */
export const MODEL_FORMAT = 'diffusion-graph-lab/model';

export async function encodeModelFile(model: Model, dtype: SafeDtype, metadata: Record<string, string> = {}): Promise<Uint8Array> {
  const weights = await model.getWeights();
  const tensors: Record<string, SafeTensor> = {};
  if (model.kind === 'unet') {
    for (const s of unetSlots(model.config as UNetConfig)) tensors[s.name] = { shape: s.shape, data: weights.theta.subarray(s.offset, s.offset + s.size) };
  } else {
    for (const [name, data] of Object.entries(weights)) tensors[name] = { shape: [...model.variables[name].shape], data };
  }
  return encodeSafetensors(tensors, { ...metadata, format: MODEL_FORMAT, config: JSON.stringify(model.config) }, dtype);
}

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

/** The model a file holds, rebuilt (the caller owns it). */
export function modelFromFile(file: SafeFile, what: string): Model {
  const { config, weights } = decodeModelFile(file, what);
  return restoreModel(config, weights);
}
