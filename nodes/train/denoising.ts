import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import { trainingEstimate } from '../lib/estimates';
import { batchSource, trainingData } from '../lib/nn/batches';
import { adam } from '../lib/nn/adam';
import { dsmLossAndGrad } from '../lib/nn/dsm';
import { sigmaSampler } from '../lib/nn/noise-levels';
import type { DsmBatch } from '../lib/nn/dsm';
import { copyModel, labScoreNet, restoreModel } from '../lib/nn/kinds';
import { recipeOf } from '../lib/nn/train-checkpoints';
import { resumeFrom } from '../lib/nn/train-resume';
import { NULL_CLASS } from '../lib/nn/unet';
import { unetDsmLossAndGrad } from '../lib/nn/unet-dsm';
import { scoreNetPredictor } from '../lib/nn/score-predictor';
import { trainLoop } from '../lib/nn/train-loop';
import { trainingSamples } from '../lib/nn/training-samples';
import { modelPersist } from '../lib/nn/persist-model';
import { deriveSeed, normal, uniformGenerator } from '../lib/random';

export default defineNode({
  type: 'train/denoising',
  version: 1,
  title: 'Train by denoising score matching',
  category: 'train',
  inputs: {
    model: { type: 'score-net', doc: 'the score network to start from (its own weights are left as they are)' },
    data: { type: 'distribution', accepts: ['tensor'], doc: 'training data: a distribution (fresh samples every step) or a fixed set of points [N, d]' },
    schedule: { type: 'schedule', doc: 'the noise levels trained on: its discrete levels, or its continuous path' },
  },
  outputs: { model: 'score-net', predictor: 'predictor', loss: 'series' },
  params: z.object({
    steps: z.number().int().min(1).max(100_000).default(2000).describe('optimisation steps'),
    batch: z.number().int().min(1).max(4096).default(512).describe('examples per step'),
    lr: z.number().min(1e-6).max(0.1).default(1e-3).describe('Adam learning rate'),
    target: z.enum(['eps', 'score', 'x0', 'v', 'flow']).default('eps').describe('the reading the loss compares: noise ε, score −ε/σ, clean x₀, v = (ε − σx₀)/√(1+σ²) (v-prediction) or ε − x₀ (flow matching)'),
    weighting: z.enum(['uniform', 'sigma2', 'snr']).default('uniform').describe('λ(σ): 1, σ² (Song & Ermon), or min-SNR-5'),
    ema: z.number().min(0).max(0.9999).default(0.99).describe('decay δ of an exponential moving average of the weights (0: off); the output model holds the average'),
    warmup: z.number().int().min(0).max(100_000).default(0).describe('learning-rate warm-up: the rate grows linearly over the first this many steps (0: none)'),
    previewEvery: z.number().int().min(0).max(100_000).default(0).describe('U-Net only: every this many steps (and at the end), show a grid of 16 samples (DDIM, 10 steps, on the averaged weights) beside the loss curve (0: off)'),
    pUncond: z.number().min(0).max(1).default(0.1).describe('label dropout of a class-conditional U-Net (classes 10): the chance that an example trains with the null class instead of its digit, so one net also learns the unconditional prediction (Ho & Salimans 2022)'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
  }),
  mainParams: ['steps', 'target'],
  // The trained network is kept under this node's cache key: a reopened graph does not retrain.
  persist: modelPersist(['loss'], (model) => {
    const net = labScoreNet(model);
    if (!net) throw new Error(`the stored model is a ${model.kind}, not a score network`);
    return { predictor: scoreNetPredictor(net) };
  }),
  docs: {
    summary:
      'Trains a copy of a score network by denoising score matching with Adam: noise each example to a random level σ of the schedule, and regress the network’s prediction on the noise that was added. The loss curve streams while it trains.',
    equation: String.raw`\mathcal L(\theta) = \mathbb E_{x_0,\,\varepsilon,\,\sigma}\ \lambda(\sigma)\,\big\|T_\theta(x_0 + \sigma\varepsilon, \sigma) - T\big\|^2,\quad T \in \{\varepsilon,\ -\varepsilon/\sigma,\ x_0\}`,
    reference: 'Chan §2.4 (DDPM’s simple loss), §3.2 (denoising score matching, Vincent 2011), §4 (the SDE objective, Song et al. 2021)',
    notes: [
      'Each example draws its own level: a discrete schedule picks i ~ U{1…T} and σ = √((1−ᾱ_i)/ᾱ_i); a continuous one picks t ~ U(10⁻³, 1) and σ = s(t)/a(t). The network sees x̃ = x₀ + σε, the VE form of every path, so it can later be sampled on any schedule.',
      'Targets and weightings: eps with uniform is DDPM’s L_simple (Ho et al. 2020) and equals score with sigma2 (Song & Ermon 2019); snr is min-SNR-γ (Hang et al. 2023, γ = 5), the same for every target. Mixing e.g. score with uniform weights small σ by 1/σ² and can train poorly.',
      'The loss is averaged over the batch and the d coordinates. Steps read nothing back to the CPU; the curve is read in batches and averaged over blocks (at most 500 points).',
      'EMA: θ̄ ← δθ̄ + (1−δ)θ after every step, started at 0 and divided by 1 − δ^steps at the end (so short runs are not pulled toward the initial weights). Averaging the last ~1/(1−δ) steps removes most of Adam’s step-to-step noise; samplers, the probability-flow ODE above all, are much more accurate with it.',
      'The input model is not changed: training works on a copy, which this node outputs (with ema > 0, the averaged weights). Cancelling discards the copy.',
      'Either network trains: model/score-mlp on points [N, d], model/unet on images (MNIST rows [N, H·W·C] or images [N, H, W, C], read in NHWC order), with the same loss on the raw output.',
      'warmup: the learning rate grows linearly, α_k = α·min(1, (k+1)/warmup), as DDPM’s 5000-step warm-up; it keeps Adam’s first steps (normalised, so of size ≈ α whatever the gradient) from throwing a fresh U-Net off.',
      'Class-conditional U-Net (model/unet with classes 10): each example is trained with its label from a labelled distribution (data/mnist), replaced by the null class 10 with probability pUncond (label dropout, drawn from (seed, step)); score/model’s class then picks the digit, 10 the unconditional prediction. pUncond does nothing for other networks.',
      'previewEvery K > 0 (U-Net): every K steps and after the last, 16 samples drawn by DDIM in 10 steps (linear β, η = 0) from the averaged weights show beside the loss curve, from the same x_T each time (seeded), so one watches the same samples form; each grid costs 10 network calls on 16 images. It changes nothing in the training.',
      'Long runs: headless, `--checkpoint <node>=<file>` saves θ, Adam’s moments, the average, the step and the curve every `--checkpoint-every` steps and continues from the file; every step draws its batch and noise from (seed, step), so a continued run has the uninterrupted run’s loss curve (graphs/recipes/README.md). In the editor, Stop keeps the state reached (in the browser’s weight store, under this node’s cache key) and the next Run of the same node, after a reload too, continues from that step.',
    ].join('\n'),
  },
  // 6 flops per weight per example (forward + backward): a lower bound for convolutions, exact enough for MLPs.
  estimate: (p, inputs) => trainingEstimate(p.steps, p.batch, inputs.model?.[0] ?? 1e5),
  run: async (inputs, p, ctx) => {
    // The port guard made it a score network; which of the lab's (by kind) picks the loss.
    const source = labScoreNet(inputs.model);
    if (!source) throw new NodeRunError(`model: expected a score network the lab trains (model/score-mlp or model/unet), got a ${inputs.model.kind}`, 'model');
    const dim = source.kind === 'unet' ? source.config.height * source.config.width * source.config.channels : source.config.dim;
    const data = trainingData(imageRows(inputs.data), dim, source.kind === 'unet' ? 'images' : 'points');
    const schedule = inputs.schedule;

    const net = copyModel(source);
    const theta = net.variables.theta as tf.Variable<tf.Rank.R1>;
    const optimizer = adam(theta, p.lr, { average: p.ema });
    const conditional = net.kind === 'unet' && net.config.classes > 0;
    const batches = batchSource(data, p.batch, deriveSeed(ctx.seed, 1), conditional);
    const drawSigmas = sigmaSampler(schedule);
    const lossAndGrad = (batch: DsmBatch, k: number) =>
      net.kind === 'unet'
        ? unetDsmLossAndGrad(net.config, theta, batch, p.target, p.weighting, conditional ? droppedLabels(batches.labels(k), p.pUncond, deriveSeed(ctx.seed, 4, k)) : undefined)
        : dsmLossAndGrad(net.config, theta, batch, p.target, p.weighting);
    let ok = false;
    try {
      const checkpoints = await resumeFrom(ctx, recipeOf(trainingParams(p, conditional), ctx.seed), net, optimizer);
      const [loss] = await trainLoop({
        steps: p.steps,
        metrics: ['DSM loss'],
        ctx,
        xLabel: 'step',
        yLabel: 'loss',
        logY: true,
        ...checkpoints,
        // Samples on the weights the node would output (the average when ema > 0), from the same x_T each time.
        samples:
          net.kind === 'unet' && p.previewEvery > 0
            ? { every: p.previewEvery, make: (k) => trainingSamples(net.config, p.ema > 0 ? optimizer.averaged() : (tf.clone(theta) as tf.Tensor1D), ctx.seed, k, ctx) }
            : undefined,
        step: (k) =>
          tf.tidy(() => {
            const batch = { x0: batches.next(k), eps: normal<tf.Rank.R2>([p.batch, dim], deriveSeed(ctx.seed, 2, k)), sigmas: drawSigmas(p.batch, deriveSeed(ctx.seed, 3, k)) };
            const { loss, grad } = lossAndGrad(batch, k);
            optimizer.step(grad, p.warmup > 0 ? Math.min(1, (k + 1) / p.warmup) : 1);
            return loss;
          }),
      });
      let model = net;
      if (p.ema > 0) {
        const averaged = optimizer.averaged();
        const theta = (await averaged.data()) as Float32Array;
        averaged.dispose();
        model = restoreModel(net.config, { theta });
        net.dispose();
      }
      ok = true;
      return { model, predictor: scoreNetPredictor(model), loss };
    } finally {
      optimizer.dispose();
      batches.dispose();
      if (!ok) net.dispose();
    }
  },
});

/** Images [N, H, W, C] as rows [N, H·W·C] (NHWC order, as the U-Net reads rows); anything else as it is. */
function imageRows(data: unknown): unknown {
  return data instanceof tf.Tensor && data.rank === 4 ? tf.reshape(data, [data.shape[0], -1]) : data;
}

/** Labels with each one replaced by the null class with probability p (label dropout), from `seed`. */
export function droppedLabels(labels: Int32Array, p: number, seed: number): Int32Array {
  const u = uniformGenerator(seed);
  return labels.map((l) => (u() < p ? NULL_CLASS : l));
}

/**
 * The params that make a run's numbers (a checkpoint's recipe): pUncond only when it is used and
 * never previewEvery, so checkpoints of unconditional runs written before they existed still resume.
 */
function trainingParams<P extends { pUncond: number; previewEvery: number }>(p: P, conditional: boolean): Partial<P> {
  const { pUncond, previewEvery: _shownOnly, ...rest } = p;
  return (conditional ? { ...rest, pUncond } : rest) as Partial<P>;
}
