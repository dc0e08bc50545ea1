import type * as tf from '@tensorflow/tfjs';
import { NodeRunError } from '../../src/engine/context';
import { points } from '../../src/engine/port-values';
import type { Points, Trajectory } from '../../src/engine/values';

/**
 * Shape checks beyond the port contract (the executor has checked each value's kind already,
 * src/engine/port-values.ts): each failure is a NodeRunError naming the port.
 */

/** Both point sets, with their dimensions checked to agree (the error names port `b`). */
export function pointPair(a: tf.Tensor, b: tf.Tensor, minRows = 1): [Points, Points] {
  const x = points(a, 'a', minRows);
  const y = points(b, 'b', minRows);
  if (x.shape[1] !== y.shape[1]) throw new NodeRunError(`b: dimension ${y.shape[1]} does not match a's dimension ${x.shape[1]}`, 'b', 'wrong-value');
  return [x, y];
}

/** A trajectory of points: frames [k, n, d] (image trajectories [k, N, H, W, C] are refused, naming the port). */
export function pointTrajectory(t: Trajectory, port: string): Trajectory & { frames: tf.Tensor3D } {
  if (t.frames.rank !== 3) throw new NodeRunError(`${port}: expected frames of points [k, n, d], got shape [${t.frames.shape.join(', ')}]`, port, 'wrong-value');
  return t as Trajectory & { frames: tf.Tensor3D };
}
