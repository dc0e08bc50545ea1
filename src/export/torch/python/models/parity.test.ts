import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { classifierFromFile } from '../../../../../nodes/lib/nn/classifier-file';
import { buildScoreNet, scoreNetConfig } from '../../../../../nodes/lib/nn/score-net';
import { encodeModelFile, modelFromFile } from '../../../../../nodes/lib/nn/model-file';
import { buildUNet, unetConfig, unetInit, type UNet } from '../../../../../nodes/lib/nn/unet';
import { unetParamCount } from '../../../../../nodes/lib/nn/unet-layout';
import { buildVae } from '../../../../../nodes/lib/nn/vae-net';
import { decodeSafetensors, encodeSafetensors, type SafeTensor } from '../../../../../nodes/lib/safetensors';
import { normal } from '../../../../../nodes/lib/random';
import { noTorchReason, runPython } from './run-python';

/**
 * The PyTorch twins (models/*.py) against the lab's networks: the same weight files in, the same
 * inputs, outputs within 1e-5 relative (max |torch − lab| / max |lab|, float32; measured ≤ 1.1e-6) for the score
 * MLP, the
 * shipped MNIST U-Net, a small U-Net with attention and classes, the VAE and the shipped classifier;
 * and the initial weights the twins draw from a seed (lab_random.py) equal the lab's bit for bit.
 * One Python process for all cases.
 */
const ROOT = new URL('../../../../../', import.meta.url).pathname;
const dir = mkdtempSync(path.join(tmpdir(), 'torch-parity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const skip = noTorchReason();
if (skip) console.warn(`models parity: skipped: ${skip}`);

const CHECK = String.raw`
import json, sys
import numpy as np, torch
from safetensors import read_safetensors
from model_file import load_model_file, model_tensors, build_model
torch.set_num_threads(1)
folder = sys.argv[1]
cases, meta = read_safetensors(folder + '/cases.safetensors')
plan = json.loads(meta['plan'])
def rel(got, want):
    got = got.detach().numpy().reshape(want.shape)
    return float(np.abs(got - want).max() / max(np.abs(want).max(), 1e-30))
out = {}
for name, case in plan.items():
    model = load_model_file(case['file'])
    t = lambda k: torch.from_numpy(cases[name + '.' + k])
    if case.get('initSeed') is not None:
        fresh = build_model(model.config); fresh.init_lab(case['initSeed'])
        a, b = model_tensors(fresh), model_tensors(load_model_file(case['initFile']))
        out[name + ' init'] = max(float(np.abs(a[k] - b[k]).max()) for k in b)
    with torch.no_grad():
        kind = model.config['kind']
        if kind in ('score-mlp', 'unet'):
            for i, sigma in enumerate(case['sigmas']):
                labels = t('labels').long() if case.get('labels') else None
                y = model(t('x'), sigma, labels) if labels is not None else model(t('x'), sigma)
                out[f'{name} σ={sigma}'] = rel(y, cases[f'{name}.y{i}'])
        elif kind == 'vae':
            mu, logvar = model.encode(t('x'))
            out[name + ' mu'] = rel(mu, cases[name + '.mu'])
            out[name + ' logvar'] = rel(logvar, cases[name + '.logvar'])
            out[name + ' decode'] = rel(model.decode(t('z')), cases[name + '.decoded'])
        else:
            features, logits = model.features_and_logits(t('x'))
            out[name + ' features'] = rel(features, cases[name + '.features'])
            out[name + ' logits'] = rel(logits, cases[name + '.logits'])
print(json.dumps(out))
`;

async function values(t: tf.Tensor): Promise<SafeTensor> {
  const v = { shape: [...t.shape], data: (await t.data()) as Float32Array };
  t.dispose();
  return v;
}

describe.skipIf(!!skip)('PyTorch twins of the lab networks', () => {
  it('give the lab’s outputs within 1e-5 relative and draw its initial weights', async () => {
    const before = tf.memory().numTensors;
    const cases: Record<string, SafeTensor> = {};
    const plan: Record<string, Record<string, unknown>> = {};
    const save = async (name: string, model: Parameters<typeof encodeModelFile>[0]) => {
      const file = path.join(dir, `${name}.safetensors`);
      writeFileSync(file, await encodeModelFile(model, 'F32'));
      return file;
    };

    // Score MLPs: fresh from a seed (init compared), then perturbed so no layer is trivial.
    for (const [name, p, sigmas] of [
      ['mlp-silu-x0', { dim: 3, hidden: 32, layers: 2, activation: 'silu', embedding: 'fourier', output: 'x0' }, [0.7, 12]],
      ['mlp-relu-score', { dim: 2, hidden: 16, layers: 3, activation: 'relu', embedding: 'sinusoidal', output: 'score' }, [0.05]],
    ] as const) {
      const net = buildScoreNet(scoreNetConfig(p, 5), 5);
      const initFile = await save(`${name}-init`, net);
      net.setWeights({ theta: (await net.getWeights()).theta.map((v, i) => v + 0.05 * Math.sin(i)) });
      const x = normal<tf.Rank.R2>([7, p.dim], 1);
      for (const [i, s] of sigmas.entries()) cases[`${name}.y${i}`] = await values(net.apply(x, s));
      cases[`${name}.x`] = await values(x);
      plan[name] = { file: await save(name, net), sigmas, initSeed: 5, initFile };
      net.dispose();
    }

    // The shipped MNIST U-Net (F16 on disk: both sides read the same widened values).
    const shippedPath = path.join(ROOT, 'public/models/mnist-unet.safetensors');
    const shipped = modelFromFile(decodeSafetensors(new Uint8Array(readFileSync(shippedPath))), shippedPath) as unknown as UNet;
    const xs = normal<tf.Rank.R4>([3, 28, 28, 1], 2);
    for (const [i, s] of [0.3, 4].entries()) cases[`mnist-unet.y${i}`] = await values(shipped.apply(xs, s));
    cases['mnist-unet.x'] = await values(xs);
    plan['mnist-unet'] = { file: shippedPath, sigmas: [0.3, 4] };
    shipped.dispose();

    // A small U-Net with attention and classes, v output, 12×12 (12 → 6 → 3), weights perturbed.
    const cfg = unetConfig({ height: 12, width: 12, channels: 2, levels: [8, 16, 16], blocks: 2, attention: true, classes: 10, embedding: 'fourier', output: 'v' }, 3);
    const fresh = buildUNet(cfg, 3);
    const initFile = await save('unet-small-init', fresh);
    fresh.dispose();
    const theta = tf.tidy(() => tf.add(unetInit(cfg, 3), tf.mul(normal<tf.Rank.R1>([unetParamCount(cfg)], 4), 0.05)));
    const small = buildUNet(cfg, theta);
    const labels = Int32Array.of(0, 3, 10);
    const xu = normal<tf.Rank.R4>([3, 12, 12, 2], 5);
    for (const [i, s] of [0.2, 2.5].entries()) cases[`unet-small.y${i}`] = await values(small.apply(xu, s, labels));
    cases['unet-small.x'] = await values(xu);
    cases['unet-small.labels'] = { shape: [3], data: Float32Array.from(labels) };
    plan['unet-small'] = { file: await save('unet-small', small), sigmas: [0.2, 2.5], labels: true, initSeed: 3, initFile };
    small.dispose();

    // The VAE.
    const vae = buildVae({ kind: 'vae', height: 6, width: 5, latentDim: 3, hidden: 16, activation: 'silu' }, 4);
    const vaeInit = await save('vae-init', vae);
    const xv = tf.tidy(() => tf.tanh(normal<tf.Rank.R2>([4, 30], 6))) as tf.Tensor2D;
    const zv = normal<tf.Rank.R2>([4, 3], 7);
    const { mu, logvar } = vae.encode(xv);
    cases['vae.mu'] = await values(mu);
    cases['vae.logvar'] = await values(logvar);
    cases['vae.decoded'] = await values(vae.decode(zv));
    cases['vae.x'] = await values(xv);
    cases['vae.z'] = await values(zv);
    plan.vae = { file: vaeInit, initSeed: 4, initFile: vaeInit };
    vae.dispose();

    // The shipped digit classifier (layers by name in its file).
    const clsPath = path.join(ROOT, 'public/models/mnist-classifier.safetensors');
    const cls = classifierFromFile(decodeSafetensors(new Uint8Array(readFileSync(clsPath))), clsPath);
    const xc = tf.tidy(() => tf.tanh(normal<tf.Rank.R2>([5, 784], 8)));
    const fl = cls.featuresAndLogits(xc);
    cases['classifier.features'] = await values(fl.features);
    cases['classifier.logits'] = await values(fl.logits);
    cases['classifier.x'] = await values(xc);
    plan.classifier = { file: clsPath };
    cls.dispose();
    expect(tf.memory().numTensors).toBe(before);

    writeFileSync(path.join(dir, 'cases.safetensors'), encodeSafetensors(cases, { plan: JSON.stringify(plan) }));
    const errors = JSON.parse(runPython(CHECK, [dir])) as Record<string, number>;
    console.log('torch vs lab, max relative error:', errors);
    expect(Object.keys(errors).length).toBe(16);
    for (const [name, e] of Object.entries(errors)) {
      if (name.endsWith(' init')) expect(e, name).toBe(0);
      else expect(e, name).toBeLessThan(1e-5);
    }
  }, 120_000);
});
