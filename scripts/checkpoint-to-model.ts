/**
 * A training checkpoint (--checkpoint, src/cli/checkpoints.ts) as a shipped model file: the
 * bias-corrected weight average θ̄/(1 − δᵗ) (what train/denoising outputs when ema > 0; θ when
 * there is none) in float16 by default, with the step count in the metadata.
 *   npx tsx scripts/checkpoint-to-model.ts <checkpoint> <model.safetensors> [f16|f32]
 */
import { readFile, writeFile } from 'node:fs/promises';
import { decodeSafetensors } from '../nodes/lib/safetensors';
import { checkpointModel } from '../src/cli/checkpoints';
import { encodeModelFile } from '../nodes/lib/nn/model-file';
import { selectNodeBackend } from '../src/engine/backend-node';

const [input, output, dtype = 'f16'] = process.argv.slice(2);
if (!input || !output || (dtype !== 'f16' && dtype !== 'f32')) {
  console.error('usage: npx tsx scripts/checkpoint-to-model.ts <checkpoint> <model.safetensors> [f16|f32]');
  process.exit(2);
}
await selectNodeBackend('wasm');
const { model, step } = checkpointModel(decodeSafetensors(new Uint8Array(await readFile(input)), input), input);
const bytes = await encodeModelFile(model, dtype === 'f16' ? 'F16' : 'F32', { steps: String(step), source: 'graphs/recipes/mnist-unet.json#train' });
model.dispose();
await writeFile(output, bytes);
console.log(`${output}: ${model.kind} after ${step} steps, ${(bytes.length / 1e6).toFixed(2)} MB (${dtype})`);
