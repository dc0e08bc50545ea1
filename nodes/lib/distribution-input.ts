import { NodeRunError } from '../../src/engine/context';
import type { Distribution } from './distribution';

/** The distribution on `port`, or a NodeRunError naming the port. */
export function distributionInput(value: unknown, port = 'dist'): Distribution {
  const dist = value as Distribution | undefined;
  if (!dist || typeof dist.sample !== 'function') throw new NodeRunError(`${port}: expected a distribution`, port);
  return dist;
}
