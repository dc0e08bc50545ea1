/**
 * Makes an unconditional U-Net training checkpoint class-conditional without changing what it
 * computes (src/cli/checkpoint-classes.ts): the history of the shipped MNIST model, whose first
 * 2360 steps were unconditional (graphs/recipes/README.md).
 *   npx tsx scripts/checkpoint-add-classes.ts <unconditional.ckpt.safetensors> <out.ckpt.safetensors>
 */
import { readFile, writeFile } from 'node:fs/promises';
import { decodeCheckpoint, encodeCheckpoint } from '../src/cli/checkpoints';
import { withClassTable } from '../src/cli/checkpoint-classes';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: npx tsx scripts/checkpoint-add-classes.ts <checkpoint> <out checkpoint>');
  process.exit(2);
}
try {
  const state = withClassTable(decodeCheckpoint(new Uint8Array(await readFile(input)), input));
  await writeFile(output, encodeCheckpoint(state));
  console.log(`${output}: class-conditional U-Net checkpoint at step ${state.loop.step}, ${state.theta.length} weights`);
} catch (e) {
  console.error(`${input}: ${(e as Error).message}`);
  process.exit(2);
}
