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
 * PyTorch predicted (within 1e-4 relative). A model node (model/score-mlp here) takes a file in place
 * of its seeded weights: the same round trip, through the node feeding a predictor directly, gives
 * the trained node's predictions to the bit, and a file of another architecture is refused naming
 * the node and the field. Refusals name the node and the file.
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
  it('refuses a node that holds no network, naming it', async () => {
    const outcome = await runGraphFile(graph, { file: 'small', out: '', backend: 'wasm', sets: [], quiet: true, loadWeights: { schedule: '/nonexistent.safetensors' } }, registry, () => {});
    expect(outcome.exitCode).toBe(2);
    expect(outcome.usageError).toMatch(/--load-weights schedule=\/nonexistent.safetensors: node 'schedule' \(schedule\/linear\) holds no network; weights load into training nodes .* and model nodes \(model\/unet/);
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

  it.skipIf(!torchPython())('loads a network into a model node: lab → PyTorch → lab gives the trained node’s predictions, another architecture is refused', async () => {
    const labFile = path.join(dir, 'lab-model.safetensors');
    const torchFile = path.join(dir, 'torch-model.safetensors');
    const first = await lab({ saveWeights: { train: labFile } });
    writeFileSync(labFile, first.weights[0][1]);
    runPython('import sys\nfrom model_file import load_model_file, save_model_file\nsave_model_file(load_model_file(sys.argv[1]), sys.argv[2])', [labFile, torchFile]);
    // The model node feeds the predictor itself: no training in this graph.
    const untrained = smallTrainingGraph(30);
    untrained.nodes = untrained.nodes.filter((n) => !['data', 'train', 'lossStart', 'lossEnd'].includes(n.id));
    untrained.edges = [...untrained.edges.filter((e) => ![e.source, e.target].some((id) => ['data', 'train', 'lossStart', 'lossEnd'].includes(id))), { id: 'net-trained', source: 'net', sourcePort: 'model', target: 'trained', targetPort: 'model' }];
    const file = loadGraphFile(untrained, registry);
    const run = (loadWeights?: Record<string, string>) => runGraphFile(file, { file: 'model', out: '', backend: 'wasm', sets: [], quiet: true, loadWeights }, registry, () => {});
    const [seeded, loaded] = [await run(), await run({ net: torchFile })];
    expect(loaded.exitCode, loaded.usageError ?? JSON.stringify(loaded.summary.error)).toBe(0);
    expect((loaded.summary.nodes as Record<string, { status: string }>).net.status).toBe('cached');
    const y = (o: typeof seeded) => Array.from(decodeNpy(o.files.find(([name]) => name === 'eval.y.npy')![1]).data);
    expect(y(loaded)).toEqual(Array.from(first.y));
    expect(y(seeded)).not.toEqual(Array.from(first.y));
    // Another architecture: hidden 16 where the file's network has 32.
    const narrow = loadGraphFile({ ...untrained, nodes: untrained.nodes.map((n) => (n.id === 'net' ? { ...n, params: { ...n.params, hidden: 16 } } : n)) }, registry);
    const refused = await runGraphFile(narrow, { file: 'model', out: '', backend: 'wasm', sets: [], quiet: true, loadWeights: { net: torchFile } }, registry, () => {});
    expect(refused.exitCode).toBe(2);
    expect(refused.usageError).toMatch(/--load-weights net=.*: node 'net' \(model\/score-mlp\) is set to hidden 16; the file's network has hidden 32/);
  }, 240_000);
});
