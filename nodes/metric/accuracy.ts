import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import { confidentFraction, digitClassifier, readClassifier } from '../lib/nn/classifier-readout';

export default defineNode({
  type: 'metric/accuracy',
  version: 1,
  title: 'Classifier accuracy',
  category: 'metric',
  inputs: {
    classifier: { type: 'classifier', doc: 'a trained digit classifier' },
    data: { type: 'distribution', doc: 'labelled images it did not train on (data/mnist, skip 8000)' },
  },
  outputs: {
    accuracy: { type: 'number', doc: 'fraction of the images whose predicted class is their label' },
    confident: { type: 'number', doc: 'fraction classified with confidence > threshold (what metric/digits calls recognisable)' },
  },
  params: z.object({
    n: z.number().int().min(1).max(10_000).default(2000).describe('images drawn from the data (all of a set of this size)'),
    threshold: z.number().min(0).max(1).default(0.9).describe('confidence threshold of the second output'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
  }),
  mainParams: ['n'],
  docs: {
    summary: 'The fraction of labelled images a classifier gets right, and the fraction it is confident about: the numbers that say whether it is good enough to judge generated digits.',
    equation: String.raw`\mathrm{acc} = \tfrac1n \#\{i : \arg\max_k \ell_k(x_i) = y_i\},\qquad \text{confident} = \tfrac1n\#\{i : \max_k \operatorname{softmax}(\ell(x_i))_k > \tau\}`,
    reference: 'LeCun et al. 1998 (MNIST test error)',
  },
  run: async (inputs, p, ctx) => {
    const net = digitClassifier(inputs.classifier, 'classifier');
    const data = inputs.data;
    if (!data.sampleWithLabels) throw new NodeRunError(`data: '${data.name}' has no labels (connect data/mnist)`, 'data');
    const drawn = data.sampleWithLabels(p.n, ctx.seed);
    const readout = await readClassifier(net, drawn.x, 'data', () => ctx.checkpoint()).finally(() => drawn.x.dispose());
    let right = 0;
    readout.predicted.forEach((k, i) => (right += k === drawn.labels[i] ? 1 : 0));
    return { accuracy: right / readout.n, confident: confidentFraction(readout, p.threshold) };
  },
});
