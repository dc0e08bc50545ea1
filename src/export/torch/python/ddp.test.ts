import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors } from '../../../../nodes/lib/safetensors';
import { runExported, torchPython, NO_TORCH } from '../parity';
import { smallTrainingGraph } from './small-training';

/**
 * Data-parallel training of an exported graph (issue 20): `graph.py --nproc 2` starts two ranks
 * itself (MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE; gloo on CPU), each drawing its own batches;
 * DDP averages their gradients, so both ranks end with the same weights (their saved files are
 * compared tensor by tensor) and the loss falls.
 */
describe.skipIf(!torchPython())('exported training with --nproc 2 (DDP, gloo)', () => {
  if (!torchPython()) console.warn(NO_TORCH);
  it('both ranks end with identical weights and the loss falls', async () => {
    const run = await runExported(smallTrainingGraph(), ['--nproc', '2']);
    expect(run.code, run.output).toBe(0);
    const read = (file: string) => decodeSafetensors(new Uint8Array(readFileSync(path.join(run.dir, 'results', file))), file);
    const rank0 = read('weights/train.safetensors');
    const rank1 = read('rank1/weights/train.safetensors');
    expect([rank0.metadata.rank, rank1.metadata.rank, rank1.metadata.worldSize]).toEqual(['0', '1', '2']);
    expect(Array.from(rank1.tensors.theta.data)).toEqual(Array.from(rank0.tensors.theta.data));
    const value = (id: string) => ((run.summary.nodes as Record<string, { outputs: { value: { value: number } } }>)[id]).outputs.value.value;
    console.log(`--nproc 2: loss at step 1 ${value('lossStart')}, at step 80 ${value('lossEnd')}`);
    expect(value('lossEnd')).toBeLessThan(0.7 * value('lossStart'));
  }, 240_000);
});
