import { NodeRunError, type RunContext } from './context';
import { disposeValues } from './dispose';
import { checkNodeWork } from './estimate';
import { guardOutputs } from './guards';
import { guardInputs } from './input-guard';
import type { AnyNodeDef, Values } from './node';
import { withTensorScope } from './scope';

/**
 * One node's `run` behind its guards: inputs of its ports' types, work within the estimate's
 * bounds (past the soft bound only with `allowLarge`), then every declared output present and
 * finite. Tensors made on the way and not returned are disposed (withTensorScope); outputs that
 * fail their checks are disposed before the error goes up.
 */
export async function runGuarded(nodeId: string, def: AnyNodeDef, inputs: Values, params: unknown, ctx: RunContext, allowLarge: boolean): Promise<Values> {
  guardInputs(def, inputs);
  checkNodeWork(nodeId, def, params, inputs, allowLarge);
  return withTensorScope(async () => {
    const outputs = await def.run(inputs as never, params, ctx);
    try {
      for (const port of Object.keys(def.outputs)) {
        if (!(port in outputs)) throw new NodeRunError(`produced no value for its output '${port}'`, port, 'no-output');
      }
      await guardOutputs(def, outputs);
    } catch (e) {
      disposeValues(outputs);
      throw e;
    }
    return outputs;
  });
}
