import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { classifierFromFile } from '../lib/nn/classifier-file';
import { classifierParamCount } from '../lib/nn/classifier-net';
import { loadModelFile } from '../lib/model-files';

/** The classifiers shipped in public/models/, by name. */
const SHIPPED = ['mnist-classifier'] as const;

export default defineNode({
  type: 'model/pretrained-classifier',
  version: 1,
  title: 'Pretrained digit classifier',
  category: 'model',
  inputs: {},
  outputs: {
    model: { type: 'classifier', doc: 'the shipped classifier (the judge of metric/digits)' },
    parameters: { type: 'number', doc: 'number of weights' },
  },
  params: z.object({
    name: z.enum(SHIPPED).default('mnist-classifier').describe('which shipped classifier (public/models/<name>.safetensors)'),
  }),
  mainParams: ['name'],
  docs: {
    summary: 'Loads a trained digit classifier shipped with the app, so generated digits can be judged (metric/digits) without training the judge first.',
    equation: String.raw`p(y \mid x) = \operatorname{softmax}\big(\ell_{\theta^\star}(x)\big)_y,\qquad \theta^\star \approx \arg\min_\theta \textstyle\sum_{i \le 8000} -\log \operatorname{softmax}\big(\ell_\theta(x_i)\big)_{y_i}`,
    reference: 'Heusel et al. 2017 (judging samples by a fixed classifier’s features)',
    notes: [
      '**mnist-classifier**: model/classifier at 28×28 with 8 and 16 channels and 64 features (52 k weights), trained by graphs/recipes/mnist-classifier.json (2 epochs of batch 64 on the first 8000 digits, Adam 3·10⁻³, seed 0; 33 s of CPU on WASM). It is right on 95.65% of the other 2000 digits, which neither it nor the shipped U-Net saw.',
      'Reproduce it: run the recipe (`npm run graph -- graphs/recipes/mnist-classifier.json --out out/judge`) and save the train node’s weights; classifier-file.ts writes the file (float32, one tensor per layer, the config in the metadata).',
    ].join('\n\n'),
  },
  run: async (_inputs, p) => {
    const model = classifierFromFile(await loadModelFile(p.name), `${p.name}.safetensors`);
    return { model, parameters: classifierParamCount(model.config) };
  },
});
