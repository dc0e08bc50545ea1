import { defineTorchExport, pyParams } from '../../src/export/torch/emitter';

/** train/classifier: the lab's cross-entropy loop in PyTorch (train_classifier.py): same set, epochs and Adam; DDP-ready. */
export default defineTorchExport({
  type: 'train/classifier',
  helpers: ['train_classifier'],
  emit: (node) => `return train_classifier(ctx, model, data, ${pyParams(node)})`,
});
