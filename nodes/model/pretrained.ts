import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import type { ScoreNetwork } from '../../src/engine/values';
import { loadModelFile } from '../lib/model-files';
import { modelFromFile } from '../lib/nn/model-file';
import { scoreNetPredictor } from '../lib/nn/score-predictor';

/** The score networks shipped in public/models/, by name. */
const SHIPPED = ['mnist-unet'] as const;

export default defineNode({
  type: 'model/pretrained',
  version: 1,
  title: 'Pretrained score network',
  category: 'model',
  inputs: {},
  outputs: {
    model: { type: 'score-net', doc: 'the shipped trained network' },
    predictor: { type: 'predictor', doc: 'the network read as a predictor (every sampler takes it)' },
    parameters: { type: 'number', doc: 'number of weights' },
  },
  params: z.object({
    name: z.enum(SHIPPED).default('mnist-unet').describe('which shipped network (public/models/<name>.safetensors)'),
  }),
  mainParams: ['name'],
  docs: {
    summary: 'Loads a score network trained by the lab and shipped with the app, so samplers can make digits in seconds instead of training first.',
    equation: String.raw`\hat\varepsilon_{\theta^\star}(x_t, t),\qquad \theta^\star \approx \arg\min_\theta\ \mathbb E\,\|\hat\varepsilon_\theta(\sqrt{\bar\alpha_t}x_0 + \sqrt{1-\bar\alpha_t}\,\varepsilon, t) - \varepsilon\|^2`,
    reference: 'Chan §2.4 (DDPM’s simple loss); Ho et al. 2020 (a U-Net trained on digits)',
    notes: [
      '**mnist-unet**: model/unet with the defaults ([32, 64, 64], one residual block per level, ε output) and ten classes plus the null class (776 289 weights), trained by graphs/recipes/mnist-unet.json (linear β, T = 1000, batch 64, Adam 2·10⁻³ with warm-up, EMA 0.995, label dropout 0.1, on the first 8000 digits and their labels). `predictor` is the unconditional prediction (the null class); feed `model` to score/model with a `class` for one digit, and both to score/guidance for classifier-free guidance. The file holds the EMA weights in float16 and how many steps they had; graphs/recipes/README.md says how far the training has got and how to continue it.',
      'The weights are float16 (half the size of float32): predictions differ from the float32 network by about 10⁻³ relative, far below what sampling notices.',
      'In the browser the file is fetched from the app itself (public/models/); headless it is read from disk.',
    ].join('\n\n'),
  },
  run: async (_inputs, p) => {
    const model = modelFromFile(await loadModelFile(p.name), `${p.name}.safetensors`);
    if (typeof (model as Partial<ScoreNetwork>).apply !== 'function') {
      model.dispose();
      throw new NodeRunError(`name: ${p.name}.safetensors holds a ${model.kind}, not a score network`);
    }
    const net = model as unknown as ScoreNetwork;
    return { model: net, predictor: scoreNetPredictor(net), parameters: net.variables.theta.size };
  },
});
