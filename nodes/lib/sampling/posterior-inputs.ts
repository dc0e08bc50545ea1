import * as tf from '@tensorflow/tfjs';
import { NodeRunError } from '../../../src/engine/context';
import type { PortDecl } from '../../../src/engine/ports';
import type { Operator, OperatorSvd } from '../../../src/engine/values';
import { samplerPorts } from './inputs';

/**
 * Inputs shared by the posterior samplers (sampler/dps, pigdm, ddrm, repaint): a sampler's
 * (predictor, schedule, xT) plus the measurement (operator, y). Both measurement ports are
 * optional together: with neither, a posterior sampler is its unconditional base sampler
 * (no measurement, no guidance), which is also how the registry-walking sampler contract runs it.
 */
export function posteriorPorts(scheduleDoc: string) {
  const base = samplerPorts(scheduleDoc, 'starting noise x_T ~ N(0, I)');
  return {
    inputs: {
      ...base.inputs,
      operator: { type: 'operator', optional: true, doc: 'the measurement operator A with σ_y (a measure/… node); unconnected: no measurement (the unconditional sampler)' },
      y: { type: 'tensor', optional: true, doc: 'the measurements y [1 or N, …A’s output shape]: one row is shared by every sample, N rows pair with the N rows of xT' },
    },
    outputs: base.outputs,
  } as const satisfies { inputs: Record<string, PortDecl>; outputs: Record<string, PortDecl> };
}

/** A measurement checked against x_T: A, and y with one row per sample (owned by the caller: dispose it). */
export interface Measurement {
  op: Operator;
  y: tf.Tensor;
}

const shapeText = (s: readonly number[]) => `[${s.join(', ')}]`;

/**
 * The measurement of a posterior sampler, or null when neither port is connected. Checks that
 * one sample of xT has A's input shape (port 'operator' otherwise) and that y is [1 or N, …A's
 * output shape] (port 'y'); a single row of y is repeated for the N samples.
 */
export function posteriorInputs(inputs: { operator?: Operator; y?: tf.Tensor }, xT: tf.Tensor, xPort = 'xT'): Measurement | null {
  const { operator: op, y } = inputs;
  if (!op && !y) return null;
  if (!op) throw new NodeRunError('operator: y is connected but the operator that produced it is not; connect the measure node’s operator too', 'operator');
  if (!y) throw new NodeRunError('y: the operator is connected but the measurements y are not; connect the measure node’s y too', 'y');
  const N = xT.shape[0];
  if (!tf.util.arraysEqual(xT.shape.slice(1), op.inShape))
    throw new NodeRunError(`operator: ${op.name} acts on samples of shape ${shapeText(op.inShape)}, but ${xPort} holds samples of shape ${shapeText(xT.shape.slice(1))}`, 'operator');
  const rows = y.shape[0];
  if (y.rank < 1 || !tf.util.arraysEqual(y.shape.slice(1), op.outShape) || (rows !== 1 && rows !== N))
    throw new NodeRunError(`y: expected measurements [1 or ${N}, ${op.outShape.join(', ')}] for ${op.name} and ${N} samples, got ${shapeText(y.shape)}`, 'y');
  return { op, y: rows === N ? tf.clone(y) : tf.tile(y, [N, ...op.outShape.map(() => 1)]) };
}

/** The operator's SVD, or a NodeRunError saying the sampler needs one. */
export function requireSvd(op: Operator, sampler: string): OperatorSvd {
  if (!op.svd) throw new NodeRunError(`operator: ${sampler} works in the operator’s spectral space and needs its SVD; ${op.name} has none`, 'operator');
  return op.svd;
}

/**
 * The mask m of an inpainting operator (A x = m ⊙ x with m ∈ {0, 1}), read off as A·1 and checked
 * on a second vector; a NodeRunError naming the operator port when A is not a mask.
 */
export async function operatorMask(op: Operator, sampler: string): Promise<tf.Tensor> {
  const refuse = () => new NodeRunError(`operator: ${sampler} needs an inpainting mask (A x = m ⊙ x); ${op.name} is not one`, 'operator');
  if (!tf.util.arraysEqual(op.inShape, op.outShape)) throw refuse();
  const [mask, ok] = tf.tidy(() => {
    const ones = tf.ones([1, ...op.inShape]);
    const m = op.apply(ones);
    const probe = tf.reshape(tf.range(1, ones.size + 1), ones.shape);
    const binary = tf.all(tf.logicalOr(tf.equal(m, 0), tf.equal(m, 1)));
    const diagonal = tf.all(tf.equal(op.apply(probe), tf.mul(m, probe)));
    return [tf.squeeze(m, [0]), tf.logicalAnd(binary, diagonal)];
  });
  const isMask = (await ok.data())[0] === 1;
  ok.dispose();
  if (!isMask) {
    mask.dispose();
    throw refuse();
  }
  return mask;
}
