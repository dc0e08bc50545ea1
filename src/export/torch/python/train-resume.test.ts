import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint } from '../../../cli/checkpoints';
import { runNode } from '../../../engine/testing';
import type { Series } from '../../../engine/values';
import type { Model } from '../../../../nodes/lib/nn/model';
import { encodeModelFile } from '../../../../nodes/lib/nn/model-file';
import { setTrainingCheckpoints, type TrainingState } from '../../../../nodes/lib/nn/train-checkpoints';
import { encodeSafetensors } from '../../../../nodes/lib/safetensors';
import { loadMnist } from '../../../../nodes/lib/mnist-source';
import { mnistDistribution } from '../../../../nodes/lib/mnist-distribution';
import { normal } from '../../../../nodes/lib/random';
import { linearSchedule } from '../../../../nodes/lib/schedules';
import scoreMlp from '../../../../nodes/model/score-mlp';
import unet from '../../../../nodes/model/unet';
import denoising from '../../../../nodes/train/denoising';
import { noTorchReason, runPython } from './models/run-python';

/**
 * train_denoising.py against train/denoising: the exported loop draws the lab's batches, noise and
 * levels (lab_random.py), so the two frameworks' loss curves agree step by step (float32 rounding
 * apart); and a run moves between them mid-training through the lab's checkpoint format: the lab's
 * first half continued in PyTorch, and PyTorch's first half continued in the lab, give the loss
 * curve of an uninterrupted run. Cases: a score MLP on points and a small U-Net on image rows [N, H·W] (the MNIST
 * recipe's network kind), both from fixed tensors, and a class-conditional U-Net on digits (data/mnist's
 * labels, label dropout 0.3); linear β (T = 100), EMA and warm-up on.
 */
const MNIST = new URL('../../../../public/data/mnist.bin', import.meta.url).pathname;
const dir = mkdtempSync(path.join(tmpdir(), 'torch-resume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => setTrainingCheckpoints(undefined));
const skip = noTorchReason();
if (skip) console.warn(`train resume: skipped: ${skip}`);

const TRAIN = String.raw`
import json, shutil, sys, types
import numpy as np, torch
import train_loop
from safetensors import read_safetensors
from model_file import load_model_file
from schedules import linear_schedule
from train_denoising import train_denoising
torch.set_num_threads(1)
case = json.loads(sys.argv[1])
original = train_loop.write_checkpoint
def keep_half(path, model, adam, loop, recipe):
    original(path, model, adam, loop, recipe)
    if loop['step'] == case['half']:
        shutil.copy(path, case['torchHalf'])
train_loop.write_checkpoint = keep_half
model = load_model_file(case['model'])
if case.get('mnist'):
    from mnist import mnist_distribution
    data = mnist_distribution(case['mnist'], list(range(10)), 100, 14)
else:
    data = torch.from_numpy(read_safetensors(case['data'])[0]['x'])
def run(option, path, out):
    args = types.SimpleNamespace(resume=None, checkpoint=None, checkpoint_every=case['half'])
    setattr(args, option, ['train=' + path])
    ctx = types.SimpleNamespace(seed=case['seed'], steps=None, device='cpu', node='train', out=out, args=args)
    return train_denoising(ctx, model, data, linear_schedule(T=100), case['params'])['loss'].y
whole = run('checkpoint', case['dir'] + '/torch-whole.ckpt', case['dir'] + '/whole')
shutil.copy(case['labHalf'], case['dir'] + '/lab-continued.ckpt')
continued = run('resume', case['dir'] + '/lab-continued.ckpt', case['dir'] + '/continued')
print(json.dumps({'whole': whole, 'continued': continued}))
`;

/** max_k |a_k − b_k| / |b_k| over the steps from `from`. */
const curveErr = (a: number[], b: number[], from = 0) => Math.max(...b.slice(from).map((v, k) => Math.abs(a[from + k] - v) / Math.abs(v)));

describe.skipIf(!!skip)('train_denoising.py and train/denoising', () => {
  it.each([
    ['a score MLP on points', 'mlp'],
    ['a U-Net on 8×8 images', 'unet'],
    ['a class-conditional U-Net on 14×14 digits', 'conditional'],
  ] as const)('%s: the same loss curve, and a run continues across frameworks from the lab’s checkpoints', async (name, kind) => {
    const before = tf.memory().numTensors;
    const source = (kind === 'mlp'
      ? (await runNode(scoreMlp, {}, { hidden: 32, layers: 2 }, { seed: 1 })).model
      : kind === 'unet'
        ? (await runNode(unet, {}, { height: 8, width: 8, levels: [8, 16], output: 'x0' }, { seed: 1 })).model
        : (await runNode(unet, {}, { height: 14, width: 14, levels: [8, 16], classes: 10 }, { seed: 1 })).model) as Model;
    const digits = kind === 'conditional' ? mnistDistribution(await loadMnist(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 100, 14) : undefined;
    const data = kind === 'mlp' ? tf.tidy(() => tf.add(tf.mul(normal<tf.Rank.R2>([300, 2], 5), 0.3), 1)) : tf.tidy(() => tf.tanh(normal<tf.Rank.R2>([40, 64], 5)));
    const half = 6;
    // Every param of the node, as the emitter passes them (previewEvery and an unused pUncond stay out of the recipe on both sides).
    const params = { steps: 2 * half, batch: 16, lr: 3e-3, target: kind === 'unet' ? 'x0' : 'eps', weighting: kind === 'unet' ? 'snr' : 'uniform', ema: 0.9, warmup: 3, seed: 0, pUncond: 0.3, previewEvery: 0 };
    const schedule = linearSchedule({ T: 100 });
    const hooks = (resumeFrom?: TrainingState) => {
      const saved: TrainingState[] = [];
      setTrainingCheckpoints({ every: half, nodes: ['test'], load: async () => resumeFrom, save: async (_id, s) => void saved.push(structuredClone(s)) });
      return saved;
    };
    const run = async () => (await runNode(denoising, { model: source, data: digits ?? data, schedule }, params, { seed: 2 })) as { model: Model; loss: Series };

    const saved = hooks();
    const lab = await run();
    const files = { model: path.join(dir, `${kind}-model.safetensors`), data: path.join(dir, `${kind}-data.safetensors`), labHalf: path.join(dir, `${kind}-lab-half.ckpt`), torchHalf: path.join(dir, `${kind}-torch-half.ckpt`) };
    writeFileSync(files.model, await encodeModelFile(source, 'F32'));
    writeFileSync(files.data, encodeSafetensors({ x: { shape: data.shape, data: (await data.data()) as Float32Array } }));
    writeFileSync(files.labHalf, encodeCheckpoint(saved[0]));
    const caseDir = mkdtempSync(path.join(dir, kind));
    const torch = JSON.parse(runPython(TRAIN, [JSON.stringify({ ...files, dir: caseDir, half, seed: 2, params, mnist: digits && MNIST })]).trim().split('\n').at(-1) as string) as { whole: number[]; continued: number[] };

    // PyTorch's step-6 checkpoint, continued in the lab.
    hooks(decodeCheckpoint(new Uint8Array(readFileSync(files.torchHalf)), files.torchHalf));
    const labContinued = await run();
    const errors = { 'torch vs lab': curveErr(torch.whole, lab.loss.y), 'lab → torch vs lab': curveErr(torch.continued, lab.loss.y, half), 'torch → lab vs torch': curveErr(labContinued.loss.y, torch.whole, half) };
    console.log(`${name}: loss curves, max relative difference per step:`, errors, 'lab:', lab.loss.y.map((v) => v.toFixed(4)).join(' '));
    expect(torch.whole.length).toBe(2 * half);
    // The first halves are the same numbers by construction (restored from the checkpoint's curve).
    expect(torch.continued.slice(0, half)).toEqual(lab.loss.y.slice(0, half));
    for (const e of Object.values(errors)) expect(e).toBeLessThan(1e-3);
    // And training moved the loss (the comparison is not of constants).
    expect(Math.abs(lab.loss.y[2 * half - 1] - lab.loss.y[0])).toBeGreaterThan(0.01);
    [lab.model, labContinued.model, source].forEach((m) => m.dispose());
    data.dispose();
    digits?.dispose?.();
    expect(tf.memory().numTensors).toBe(before);
  }, 180_000);
});
