import * as tf from '@tensorflow/tfjs';
import { brokenBounds } from './assertion-bounds';
import type { Assertion } from './format';
import type { Values } from './node';

export interface AssertionResult extends Assertion {
  value: number | null;
  ok: boolean;
  message: string;
}

/** The scalar on a port: a number, or a tensor with one element. */
export async function scalarOf(value: unknown): Promise<number | null> {
  if (typeof value === 'number') return value;
  if (value instanceof tf.Tensor && value.size === 1) return (await value.data())[0];
  return null;
}

/** Check one assertion of a lesson graph against the outputs of its node. */
export async function checkAssertion(a: Assertion, outputs: Values | undefined): Promise<AssertionResult> {
  const where = `${a.node}.${a.port}`;
  if (!outputs) return { ...a, value: null, ok: false, message: `${where}: node '${a.node}' produced no outputs (it did not run)` };
  if (!(a.port in outputs)) return { ...a, value: null, ok: false, message: `${where}: node '${a.node}' has no output '${a.port}'` };
  const value = await scalarOf(outputs[a.port]);
  if (value === null) return { ...a, value, ok: false, message: `${where} is not a scalar` };
  const failed = brokenBounds(a, value);
  const claim = a.claim ? ` (${a.claim})` : '';
  return failed.length
    ? { ...a, value, ok: false, message: `${where} = ${value} is not ${failed.join(' and ')}${claim}` }
    : { ...a, value, ok: true, message: `${where} = ${value} holds${claim}` };
}
