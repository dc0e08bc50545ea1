import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors } from '../../../../nodes/lib/safetensors';
import { runExported, torchPython, NO_TORCH } from '../parity';

/**
 * Data-parallel training of an exported graph (issue 20): `graph.py --nproc 2` starts two ranks
 * itself (MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE; gloo on CPU), each drawing its own batches;
 * DDP averages their gradients, so both ranks end with the same weights (their saved files are
 * compared tensor by tensor) and the loss falls.
 */
const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, typeVersion: 1, params, position: { x: 0, y: 0 } });
const edge = (source: string, sourcePort: string, target: string, targetPort: string) => ({ id: `${source}-${target}-${targetPort}`, source, sourcePort, target, targetPort });

export const SMALL_TRAINING = {
  format: 'diffusion-graph-lab/graph',
  version: 1,
  name: 'Small DSM training on eight Gaussians',
  seed: 0,
  nodes: [
    node('data', 'data/toy2d', { name: '8gaussians' }),
    node('schedule', 'schedule/linear', { T: 100, betaStart: 0.001, betaEnd: 0.2 }),
    node('net', 'model/score-mlp', { hidden: 32, layers: 2, seed: 1 }),
    node('train', 'train/denoising', { steps: 80, batch: 64, lr: 0.003, ema: 0, seed: 2 }),
    node('lossStart', 'metric/series-at', { x: 1 }),
    node('lossEnd', 'metric/series-at', { x: 80 }),
  ],
  edges: [edge('data', 'dist', 'train', 'data'), edge('schedule', 'schedule', 'train', 'schedule'), edge('net', 'model', 'train', 'model'), edge('train', 'loss', 'lossStart', 'series'), edge('train', 'loss', 'lossEnd', 'series')],
  assertions: [],
};

describe.skipIf(!torchPython())('exported training with --nproc 2 (DDP, gloo)', () => {
  if (!torchPython()) console.warn(NO_TORCH);
  it('both ranks end with identical weights and the loss falls', async () => {
    const run = await runExported(SMALL_TRAINING, ['--nproc', '2']);
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
