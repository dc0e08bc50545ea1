import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import { confidentFraction, digitClassifier, readClassifier } from '../lib/nn/classifier-readout';

export default defineNode({
  type: 'metric/label-agreement',
  version: 1,
  title: 'Label agreement',
  category: 'metric',
  inputs: {
    samples: { type: 'tensor', accepts: ['images'], doc: 'images that stand for known digits (restorations of measured digits) [n, s, s, 1] or rows [n, s²]' },
    classifier: { type: 'classifier', doc: 'a trained digit classifier' },
    data: { type: 'distribution', doc: 'the labelled data the true digits were drawn from (data/mnist)' },
    reference: { type: 'tensor', accepts: ['images'], optional: true, doc: 'the true digits themselves (data/sample’s x): checked to be the digits whose labels are read' },
  },
  outputs: {
    agreement: { type: 'number', doc: 'fraction of the samples whose predicted class is the true digit’s label' },
    confident: { type: 'number', doc: 'fraction classified with confidence > threshold' },
  },
  params: z.object({
    threshold: z.number().min(0).max(1).default(0.9).describe('confidence threshold of the second output'),
    clip: z.boolean().default(true).describe('clip the samples to [−1, 1] before judging (as metric/digits)'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0).describe('the seed param of the data/sample node that drew the true digits (nodes with the same seed param draw the same digits)'),
  }),
  mainParams: ['threshold'],
  docs: {
    summary:
      'Whether restored digits are still the digits they were: the classifier’s class of each sample against the label of the true digit it was measured from (drawn again from the data with the same seed as the data/sample node that drew them).',
    equation: String.raw`\mathrm{agreement} = \tfrac1n\#\{i : \arg\max_k \ell_k(\hat x_i) = c_i\},\quad c_i \text{ the label of the true digit } x_i`,
    reference: 'Issue 18 (MNIST inpainting judged by the digit classifier); LeCun et al. 1998 (MNIST)',
    notes: 'The labels come from the data distribution: the node draws n = (number of samples) labelled digits with its seed, which are the digits a data/sample node with the same seed param drew (a node’s random stream depends on the graph seed and its seed param only). With reference connected it checks that these are the same images and refuses otherwise, naming the seed.',
  },
  run: async (inputs, p, ctx) => {
    const net = digitClassifier(inputs.classifier, 'classifier');
    const { samples, data, reference } = inputs;
    if (!data.sampleWithLabels) throw new NodeRunError(`data: '${data.name}' has no labels (connect data/mnist)`, 'data');
    const n = samples.shape[0];
    const drawn = data.sampleWithLabels(n, ctx.seed);
    try {
      if (reference) {
        const same = tf.tidy(() => tf.max(tf.abs(tf.sub(tf.reshape(reference, drawn.x.shape), drawn.x))));
        const gap = (await same.data())[0];
        same.dispose();
        if (!(gap < 1e-5)) throw new NodeRunError(`reference: the digits drawn with seed ${p.seed} are not the reference images (set seed to the data/sample node’s seed)`, 'reference');
      }
    } catch (e) {
      drawn.x.dispose();
      throw e;
    }
    drawn.x.dispose();
    const judged = p.clip ? tf.clipByValue(samples, -1, 1) : samples;
    const readout = await readClassifier(net, judged, 'samples', () => ctx.checkpoint()).finally(() => judged !== samples && judged.dispose());
    let right = 0;
    readout.predicted.forEach((k, i) => (right += k === drawn.labels[i] ? 1 : 0));
    return { agreement: right / readout.n, confident: confidentFraction(readout, p.threshold) };
  },
});
