import { samplerBody } from './common';
import { defineTorchExport, py, type TorchEmitter, type TorchNode } from './emitter';

/**
 * The emitter of a posterior sampler (sampler/dps, pigdm, ddrm, repaint): posterior_samplers.py's
 * function of that name with the measurement (operator, y) checked against xT (None when neither
 * port is connected: the unconditional base sampler) and the node's params in order.
 */
export function posteriorSamplerEmitter(type: string, fn: string, params: readonly string[]): TorchEmitter {
  return defineTorchExport({
    type,
    helpers: ['posterior_samplers'],
    emit: (node: TorchNode) =>
      samplerBody([
        `meas = measurement_inputs(${node.inputs.operator ? 'operator' : 'None'}, ${node.inputs.y ? 'y' : 'None'}, xT)`,
        `out = ${fn}(ctx, predictor, schedule, xT, meas, ${params.map((k) => py(node.params[k])).join(', ')})`,
      ]),
  });
}
