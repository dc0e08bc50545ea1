import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import { adam } from '../lib/nn/adam';
import { permutation } from '../lib/nn/batches';
import { classifierLoss } from '../lib/nn/classifier-net';
import { digitClassifier } from '../lib/nn/classifier-readout';
import { copyModel } from '../lib/nn/kinds';
import { modelPersist } from '../lib/nn/persist-model';
import { trainLoop } from '../lib/nn/train-loop';
import { deriveSeed } from '../lib/random';

export default defineNode({
  type: 'train/classifier',
  version: 1,
  title: 'Train a digit classifier',
  category: 'train',
  inputs: {
    model: { type: 'classifier', doc: 'the classifier to start from (model/classifier; its own weights are left as they are)' },
    data: { type: 'distribution', doc: 'labelled training images (data/mnist): the first n are used' },
  },
  outputs: {
    model: { type: 'classifier', doc: 'the trained copy' },
    loss: { type: 'series', doc: 'cross-entropy in nats per image against epochs' },
    accuracy: { type: 'series', doc: 'fraction of each training batch classified right (before its step), against epochs' },
  },
  params: z.object({
    epochs: z.number().int().min(1).max(100).default(3).describe('passes over the training set'),
    batch: z.number().int().min(1).max(1024).default(64).describe('images per step'),
    lr: z.number().min(1e-6).max(0.1).default(2e-3).describe('Adam learning rate'),
    n: z.number().int().min(1).max(10_000).default(8000).describe('training-set size: all n digits of the data are drawn once'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
  }),
  mainParams: ['epochs', 'n'],
  persist: modelPersist(['loss', 'accuracy']),
  docs: {
    summary: 'Trains a copy of a digit classifier by minimising the cross-entropy of its softmax with Adam, over a fixed set of labelled images in epochs.',
    equation: String.raw`\mathcal L(\theta) = -\frac1B\sum_{i=1}^B \log \operatorname{softmax}\big(\ell_\theta(x_i)\big)_{y_i} = \frac1B\sum_i \Big[\log\sum_k e^{\ell_{\theta,k}(x_i)} - \ell_{\theta,y_i}(x_i)\Big]`,
    reference: 'LeCun et al. 1998; Kingma & Ba 2015 (Adam)',
    notes: [
      'Each epoch walks a fresh seeded permutation of the set in batches (the last short batch is dropped). The series are averaged over blocks of steps.',
      'The lab’s recipe (graphs/recipes/mnist-classifier.json) trains on the first 8000 digits and measures the accuracy on the other 2000 (metric/accuracy); those 2000 are the real digits metric/digits compares generated ones with.',
      'The input model is not changed: training works on a copy, which this node outputs. Cancelling discards the copy.',
    ].join('\n\n'),
  },
  run: async (inputs, p, ctx) => {
    const source = digitClassifier(inputs.model, 'model');
    const c = source.config;
    const data = inputs.data;
    if (!data.sampleWithLabels) throw new NodeRunError(`data: '${data.name}' has no labels (connect data/mnist)`, 'data');
    if (data.dim !== c.size * c.size) throw new NodeRunError(`data: images of ${data.dim} pixels, the classifier takes ${c.size}×${c.size}`, 'data');
    const drawn = data.sampleWithLabels(p.n, deriveSeed(ctx.seed, 1));
    const N = drawn.x.shape[0];
    const labels = tf.tensor1d(drawn.labels, 'int32');
    const batch = Math.min(p.batch, N);
    const perEpoch = Math.floor(N / batch);
    const net = copyModel(source);
    const theta = net.variables.theta;
    const optimizer = adam(theta, p.lr);
    let shuffled: { x: tf.Tensor2D; y: tf.Tensor1D } | undefined;
    let ok = false;
    try {
      const [loss, accuracy] = await trainLoop({
        steps: p.epochs * perEpoch,
        metrics: ['cross-entropy', 'accuracy'],
        ctx,
        xLabel: 'epoch',
        xScale: 1 / perEpoch,
        yLabel: 'nats per image · fraction right',
        step: (k) =>
          tf.tidy(() => {
            // One gather per epoch (the set in a fresh order), then a slice per step.
            const j = k % perEpoch;
            if (j === 0) {
              tf.dispose(shuffled && [shuffled.x, shuffled.y]);
              const order = tf.tensor1d(permutation(N, deriveSeed(ctx.seed, 2, k / perEpoch)), 'int32');
              shuffled = { x: tf.keep(tf.gather(drawn.x, order)), y: tf.keep(tf.gather(labels, order)) };
            }
            const { x, y } = shuffled as { x: tf.Tensor2D; y: tf.Tensor1D };
            const xb = tf.slice(x, [j * batch, 0], [batch, x.shape[1]]);
            const yb = tf.slice(y, [j * batch], [batch]);
            let correct: tf.Scalar | undefined;
            const { value, grads } = tf.variableGrads(() => {
              const out = classifierLoss(c, theta as tf.Tensor1D, xb, yb);
              correct = tf.keep(out.correct);
              return out.loss;
            }, [theta]);
            optimizer.step(grads[theta.name] as tf.Tensor1D);
            const metrics = tf.stack([value, tf.div(correct as tf.Scalar, batch)]);
            tf.dispose(correct);
            return metrics;
          }),
      });
      ok = true;
      return { model: net, loss, accuracy };
    } finally {
      optimizer.dispose();
      tf.dispose([drawn.x, labels, ...(shuffled ? [shuffled.x, shuffled.y] : [])]);
      if (!ok) net.dispose();
    }
  },
});
