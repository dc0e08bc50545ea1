import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** model/vae: the lab's VAE (models/vae.py) with the lab's initial weights from the node's seed. */
export default defineTorchExport({
  type: 'model/vae',
  helpers: ['models/model_file'],
  emit: (node) => {
    const p = node.params;
    const config = { kind: 'vae', height: p.height, width: p.width, latentDim: p.latentDim, hidden: p.hidden, activation: p.activation };
    return [`net = VAE(${py(config)})`, 'net.init_lab(ctx.seed)', "return {'model': net.to(ctx.device)}"].join('\n');
  },
});
