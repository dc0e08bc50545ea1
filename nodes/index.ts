import { NodeRegistry } from '../src/engine/registry';
import type { AnyNodeDef } from '../src/engine/node';
import data from './data';
import forward from './forward';
import metric from './metric';
import noise from './noise';
import note from './note';
import sampler from './sampler';
import schedule from './schedule';
import score from './score';
import view from './view';

/** Every node type, in palette order. */
export const allNodeDefs: AnyNodeDef[] = [...data, ...noise, ...schedule, ...forward, ...score, ...sampler, ...metric, ...view, ...note];

/** The registry shared by the worker, the editor, the tests and the CLI. */
export function createRegistry(): NodeRegistry {
  return new NodeRegistry(allNodeDefs);
}
