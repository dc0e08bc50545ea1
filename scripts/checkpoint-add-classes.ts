/**
 * Makes an unconditional U-Net training checkpoint class-conditional without changing what it
 * computes: the class table emb.class ([classes + 1, E], one row per digit and the null class) is
 * inserted at its place in the flat parameter vector with every entry 0, so e = W₂ SiLU(W₁ emb) + b₂
 * + 0 is the unconditional embedding for every label. Adam's moments and the weight average get zeros
 * at the same place (a fresh parameter); the step count and the loss sums stay.
 * Training then continues with label dropout (train/denoising pUncond), Ho & Salimans' joint
 * training of the conditional and unconditional predictions.
 *   npx tsx scripts/checkpoint-add-classes.ts <unconditional.ckpt.safetensors> <out.ckpt.safetensors>
 */
import { readFile, writeFile } from 'node:fs/promises';
import { decodeSafetensors, encodeSafetensors } from '../nodes/lib/safetensors';
import { unetSlots } from '../nodes/lib/nn/unet-layout';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: npx tsx scripts/checkpoint-add-classes.ts <checkpoint> <out checkpoint>');
  process.exit(2);
}
const file = decodeSafetensors(new Uint8Array(await readFile(input)), input);
const config = JSON.parse(file.metadata.config ?? '{}');
if (config.kind !== 'unet' || config.classes !== 0) {
  console.error(`${input}: expected an unconditional U-Net checkpoint (config.classes 0), got ${file.metadata.config}`);
  process.exit(2);
}
const conditional = { ...config, classes: 10 };
const slot = unetSlots(conditional).find((s) => s.name === 'emb.class')!;
const tensors = Object.fromEntries(
  Object.entries(file.tensors).map(([name, t]) => {
    const data = new Float32Array(t.data.length + slot.size);
    data.set(t.data.subarray(0, slot.offset));
    data.set(t.data.subarray(slot.offset), slot.offset + slot.size);
    return [name, { shape: [data.length], data }];
  }),
);
// The recipe as a conditional run records it (train/denoising trainingParams): with pUncond, never previewEvery.
const recipe = JSON.parse(file.metadata.recipe ?? '{}');
const { previewEvery: _preview, ...params } = { pUncond: 0.1, ...recipe.params };
const metadata = { ...file.metadata, config: JSON.stringify(conditional), recipe: JSON.stringify({ ...recipe, params }) };
await writeFile(output, encodeSafetensors(tensors, metadata));
console.log(`${output}: ${Object.keys(tensors).join(', ')} grew by ${slot.size} zeros at offset ${slot.offset} (emb.class, shape [${slot.shape}])`);
