import { encodeSafetensors, type SafeDtype, type SafeFile, type SafeTensor } from '../safetensors';
import { decodeModelFile, MODEL_FORMAT } from './model-file-decode';
import { restoreModel } from './kinds';
import type { Model } from './model';
import type { UNetConfig } from './unet';
import { unetSlots } from './unet-layout';

/**
 * A trained network as a safetensors file: its config as JSON in `__metadata__.config` and its
 * weights as named tensors. A U-Net's flat θ is written slot by slot under the layer names of
 * unet-layout.ts (`down.0.res.0.conv1.w` [3, 3, 32, 32], …), so the file reads like any other
 * checkpoint (and an exporter can map the names); other kinds keep their variables' names.
 * Decoding (no tfjs, for the page too) is in model-file-decode.ts.
 */
export { decodeModelFile, MODEL_FORMAT };

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

/** The model a file holds, rebuilt (the caller owns it). */
export function modelFromFile(file: SafeFile, what: string): Model {
  const { config, weights } = decodeModelFile(file, what);
  return restoreModel(config, weights);
}
