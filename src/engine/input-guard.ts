import { NodeRunError } from './context';
import type { AnyNodeDef, Values } from './node';
import { portValueProblem } from './port-values';
import { acceptedTypes, portSpec } from './ports';

/**
 * Check every input value against its port before `run` (the port contract, port-values.ts):
 * a value of the wrong kind fails the node with a 'wrong-value' error naming the port, so `run`
 * may use its typed inputs without casts or checks of its own.
 */
export function guardInputs(def: AnyNodeDef, inputs: Values): void {
  for (const port in def.inputs) {
    const decl = def.inputs[port];
    const value = inputs[port];
    if (value === undefined && portSpec(decl).optional) continue;
    const problem = portValueProblem(value, acceptedTypes(decl));
    if (problem) throw new NodeRunError(`${port}: ${problem}`, port, 'wrong-value');
  }
}
