import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../nodes';
import { loadGraphFile } from '../engine/load';
import { runExported, relativeError, torchPython, NO_TORCH } from '../export/torch/parity';
import { runPython } from '../export/torch/python/models/run-python';
import { smallTrainingGraph } from '../export/torch/python/small-training';
import { decodeNpy } from './npy';
import { runGraphFile } from './run';

/**
 * `--load-weights <node>=<file>`: weights round-trip lab → PyTorch → lab with identical predictions
 * (the lab's trained network saved, read and rewritten by models/model_file.py, loaded back: the
 * trained node reports `cached` and the predictions downstream are the same bits), and a network
 * trained by the exported graph.py loads into the lab with its loss curve and predicts what
 * PyTorch predicted (within 1e-4 relative). Refusals name the node and the file.
 */
const registry = createRegistry();
const dir = mkdtempSync(path.join(tmpdir(), 'load-weights-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const graph = loadGraphFile(smallTrainingGraph(30), registry);

async function lab(extra: Record<string, unknown>) {
  const outcome = await runGraphFile(graph, { file: 'small', out: '', backend: 'wasm', sets: [], quiet: true, ...extra }, registry, () => {});
  expect(outcome.exitCode, outcome.usageError ?? JSON.stringify(outcome.summary.error)).toBe(0);
  const eval_ = outcome.files.find(([name]) => name === 'eval.y.npy')![1];
  const nodes = outcome.summary.nodes as Record<string, { status: string; outputs?: { value?: { value: number } } }>;
  return { y: decodeNpy(eval_).data, nodes, weights: outcome.weights ?? [] };
}

describe('--load-weights', () => {
  it('refuses a node that trains nothing, naming it', async () => {
    const outcome = await runGraphFile(graph, { file: 'small', out: '', backend: 'wasm', sets: [], quiet: true, loadWeights: { net: '/nonexistent.safetensors' } }, registry, () => {});
    expect(outcome.exitCode).toBe(2);
    expect(outcome.usageError).toMatch(/--load-weights net=\/nonexistent.safetensors: node 'net' \(model\/score-mlp\) does not train a network/);
  });

  it.skipIf(!torchPython())('round-trips lab → PyTorch → lab with identical predictions, and loads graph.py’s trained network', async () => {
    if (!torchPython()) console.warn(NO_TORCH);
    const labFile = path.join(dir, 'lab.safetensors');
    const torchFile = path.join(dir, 'torch.safetensors');
    const first = await lab({ saveWeights: { train: labFile } });
    writeFileSync(labFile, first.weights[0][1]);
    runPython('import sys\nfrom model_file import load_model_file, save_model_file\nsave_model_file(load_model_file(sys.argv[1]), sys.argv[2])', [labFile, torchFile]);
    const back = await lab({ loadWeights: { train: torchFile } });
    expect(back.nodes.train.status).toBe('cached');
    expect(Array.from(back.y)).toEqual(Array.from(first.y));

    // Trained by the exported script, explored in the lab.
    const run = await runExported(smallTrainingGraph(30));
    expect(run.code, run.output).toBe(0);
    const fromTorch = await lab({ loadWeights: { train: path.join(run.dir, 'results/weights/train.safetensors') } });
    const torchY = run.arrays.get('eval.y.npy')!.data;
    const err = relativeError(fromTorch.y, torchY);
    console.log(`graph.py's network in the lab: predictions within ${err.toExponential(2)} relative of PyTorch's`);
    expect(err).toBeLessThan(1e-4);
    const torchLossEnd = (run.summary.nodes as Record<string, { outputs: { value: { value: number } } }>).lossEnd.outputs.value.value;
    expect(fromTorch.nodes.lossEnd.outputs!.value!.value).toBeCloseTo(torchLossEnd, 6);
    expect(readFileSync(path.join(run.dir, 'results/weights/train.safetensors')).length).toBeGreaterThan(0);
  }, 240_000);
});
