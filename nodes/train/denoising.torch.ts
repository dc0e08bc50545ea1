import { defineTorchExport, pyParams } from '../../src/export/torch/emitter';

/** train/denoising: the lab's DSM loop in PyTorch (train_denoising.py): same batches, noise, Adam, warm-up, EMA, checkpoints; DDP-ready. */
export default defineTorchExport({
  type: 'train/denoising',
  helpers: ['train_denoising'],
  emit: (node) => `return train_denoising(ctx, model, data, schedule, ${pyParams(node)})`,
});
