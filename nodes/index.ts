import { NodeRegistry } from '../src/engine/registry';
import type { AnyNodeDef } from '../src/engine/node';
import data from './data';
import forward from './forward';
import loop from './loop';
import loss from './loss';
import measure from './measure';
import metric from './metric';
import model from './model';
import noise from './noise';
import note from './note';
import sampler from './sampler';
import schedule from './schedule';
import score from './score';
import step from './step';
import train from './train';
import vae from './vae';
import view from './view';

/** Every node type, in palette order. */
export const allNodeDefs: AnyNodeDef[] = [
  ...data,
  ...noise,
  ...schedule,
  ...forward,
  ...measure,
  ...score,
  ...model,
  ...train,
  ...loss,
  ...vae,
  ...sampler,
  ...step,
  ...loop,
  ...metric,
  ...view,
  ...note,
];

/** The registry shared by the worker, the editor, the tests and the CLI. */
export function createRegistry(): NodeRegistry {
  return new NodeRegistry(allNodeDefs);
}
