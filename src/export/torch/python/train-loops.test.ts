import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { runNode } from '../../../engine/testing';
import type { Series } from '../../../engine/values';
import type { Distribution } from '../../../../nodes/lib/distribution';
import { loadMnist } from '../../../../nodes/lib/mnist-source';
import { mnistDistribution } from '../../../../nodes/lib/mnist-distribution';
import type { Model } from '../../../../nodes/lib/nn/model';
import { encodeModelFile } from '../../../../nodes/lib/nn/model-file';
import { deriveSeed } from '../../../../nodes/lib/random';
import { encodeSafetensors } from '../../../../nodes/lib/safetensors';
import classifierModel from '../../../../nodes/model/classifier';
import vaeModel from '../../../../nodes/model/vae';
import trainClassifier from '../../../../nodes/train/classifier';
import trainVae from '../../../../nodes/train/vae';
import { noTorchReason, runPython } from './models/run-python';

/**
 * train_vae.py and train_classifier.py against train/vae and train/classifier on the same 14×14
 * digits: the same epochs, permutations, ε and Adam (lab_random.py), so every point of every
 * curve agrees within 1e-4 relative (float32 rounding apart). One Python process for both.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'torch-loops-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const skip = noTorchReason();

const TRAIN = String.raw`
import json, sys, types
import torch
from safetensors import read_safetensors
from model_file import load_model_file
from train_vae import train_vae
from train_classifier import train_classifier
torch.set_num_threads(1)
case = json.loads(sys.argv[1])
t = read_safetensors(case['data'])[0]
args = types.SimpleNamespace(resume=None, checkpoint=None, checkpoint_every=100)
ctx = lambda: types.SimpleNamespace(seed=case['seed'], steps=None, device='cpu', node='train', out=case['dir'], args=args)
vae = train_vae(ctx(), load_model_file(case['vae']), torch.from_numpy(t['x']), case['vaeParams'])
drawn = types.SimpleNamespace(dim=196, name='digits', sample_with_labels=lambda n, seed: (torch.from_numpy(t['drawn']), torch.from_numpy(t['labels'])))
cls = train_classifier(ctx(), load_model_file(case['classifier']), drawn, case['classifierParams'])
print(json.dumps({'elbo': vae['elbo'].y, 'kl': vae['kl'].y, 'loss': cls['loss'].y, 'accuracy': cls['accuracy'].y}))
`;

const worst = (a: number[], b: number[]) => Math.max(...b.map((v, k) => Math.abs(a[k] - v) / Math.max(Math.abs(v), 1e-6)));

describe.skipIf(!!skip)('train_vae.py and train_classifier.py', () => {
  it('give the lab’s curves', async () => {
    const before = tf.memory().numTensors;
    const digits = mnistDistribution(await loadMnist(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 120, 14) as Distribution & Required<Pick<Distribution, 'sampleWithLabels'>>;
    const seed = 3;
    const x = digits.sample(60, 9);
    const vae = (await runNode(vaeModel, {}, { height: 14, width: 14, latentDim: 2, hidden: 32 }, { seed: 1 })).model as Model;
    const cls = (await runNode(classifierModel, {}, { size: 14, channels1: 4, channels2: 8, hidden: 16 }, { seed: 1 })).model as Model;
    const vaeParams = { epochs: 2, batch: 16, lr: 3e-3, beta: 1, n: 60, seed: 0 };
    const classifierParams = { epochs: 2, batch: 20, lr: 3e-3, n: 100, seed: 0 };
    const labVae = (await runNode(trainVae, { model: vae, data: x }, vaeParams, { seed })) as { model: Model; elbo: Series; kl: Series };
    const labCls = (await runNode(trainClassifier, { model: cls, data: digits }, classifierParams, { seed })) as { model: Model; loss: Series; accuracy: Series };
    // What train/classifier draws from the digits, handed to Python as the data's labelled draw.
    const drawn = digits.sampleWithLabels(100, deriveSeed(seed, 1));
    const files = { vae: path.join(dir, 'vae.safetensors'), classifier: path.join(dir, 'cls.safetensors'), data: path.join(dir, 'data.safetensors') };
    writeFileSync(files.vae, await encodeModelFile(vae, 'F32'));
    writeFileSync(files.classifier, await encodeModelFile(cls, 'F32'));
    writeFileSync(files.data, encodeSafetensors({ x: { shape: x.shape, data: (await x.data()) as Float32Array }, drawn: { shape: drawn.x.shape, data: (await drawn.x.data()) as Float32Array }, labels: { shape: [drawn.labels.length], data: Float32Array.from(drawn.labels) } }));
    const torch = JSON.parse(runPython(TRAIN, [JSON.stringify({ ...files, dir, seed, vaeParams, classifierParams })]).trim().split('\n').at(-1) as string) as Record<string, number[]>;
    const errors = { elbo: worst(torch.elbo, labVae.elbo.y), kl: worst(torch.kl, labVae.kl.y), 'cross-entropy': worst(torch.loss, labCls.loss.y), accuracy: worst(torch.accuracy, labCls.accuracy.y) };
    console.log('torch vs lab curves, max relative difference:', errors);
    expect(torch.elbo.length).toBe(labVae.elbo.y.length);
    expect(torch.loss.length).toBe(labCls.loss.y.length);
    for (const e of Object.values(errors)) expect(e).toBeLessThan(1e-4);
    tf.dispose([x, drawn.x]);
    [vae, cls, labVae.model, labCls.model].forEach((m) => m.dispose());
    digits.dispose?.();
    expect(tf.memory().numTensors).toBe(before);
  }, 180_000);
});
