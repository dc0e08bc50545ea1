import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** data/mnist: the lab's digits file, shipped as data/mnist.bin next to graph.py (mnist.py reads it). */
export default defineTorchExport({
  type: 'data/mnist',
  helpers: ['mnist'],
  emit: (node) =>
    [
      `digits = ${py(node.params.digits)}`,
      'if len(set(digits)) != len(digits):',
      "    raise NodeError(f'digits: {digits} lists a digit twice')",
      "path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data', 'mnist.bin')",
      `return {'dist': mnist_distribution(path, digits, ${py(node.params.n)}, ${py(node.params.size)}, ${py(node.params.skip)}, ctx.device)}`,
    ].join('\n'),
  files: async (_node, reader) => ({ 'data/mnist.bin': await reader.asset('public/data/mnist.bin') }),
});
