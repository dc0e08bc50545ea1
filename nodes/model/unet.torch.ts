import { defineTorchExport, pyParams } from '../../src/export/torch/emitter';

/** model/unet: the lab's U-Net (models/unet.py, NCHW inside) with the lab's initial weights from the node's seed. */
export default defineTorchExport({
  type: 'model/unet',
  helpers: ['models/model_file', 'models/score_predictor'],
  emit: (node) =>
    [
      `config = unet_config(${pyParams(node)}, ctx.seed)`,
      "bad = [c for c in config['levels'] if c % GROUPS]",
      'if bad:',
      "    raise NodeError(f'levels: channels per level must be multiples of {GROUPS} (GroupNorm groups), got {bad[0]}')",
      'net = UNet(config)',
      'net.init_lab(ctx.seed)',
      "return {'model': net.to(ctx.device), 'parameters': count_parameters(net)}",
    ].join('\n'),
});
