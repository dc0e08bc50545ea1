import { defineTorchExport, pyParams } from '../../src/export/torch/emitter';

/** train/vae: the lab's ELBO loop in PyTorch (train_vae.py): same set, epochs, ε and Adam; DDP-ready. */
export default defineTorchExport({
  type: 'train/vae',
  helpers: ['train_vae'],
  emit: (node) => `return train_vae(ctx, model, data, ${pyParams(node)})`,
});
