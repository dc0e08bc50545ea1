import { defineTorchExport } from '../../src/export/torch/emitter';

/** note: documentation only; nothing to compute (its text stays in the graph file). */
export default defineTorchExport({
  type: 'note',
  emit: () => 'return {}',
});
