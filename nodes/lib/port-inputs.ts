import * as tf from '@tensorflow/tfjs';
import { NodeRunError } from '../../src/engine/context';
import type { Series, Trajectory } from '../../src/engine/values';

/** Checks of the values arriving on input ports: each failure is a NodeRunError naming the port. */

/** The [n, d] point set on `port`, or a NodeRunError naming the port and what is wrong. */
export function pointsInput(value: unknown, port: string, minRows = 1): tf.Tensor2D {
  if (!(value instanceof tf.Tensor)) throw new NodeRunError(`${port}: expected a tensor, got ${value === undefined ? 'nothing' : typeof value}`, port);
  if (value.rank !== 2) throw new NodeRunError(`${port}: expected points of shape [n, d], got shape [${value.shape.join(', ')}]`, port);
  if (value.shape[0] < minRows) throw new NodeRunError(`${port}: needs at least ${minRows} point${minRows === 1 ? '' : 's'}, got ${value.shape[0]}`, port);
  return value as tf.Tensor2D;
}

/** Both point sets, with their dimensions checked to agree (the error names port `b`). */
export function pointPairInputs(a: unknown, b: unknown, minRows = 1): [tf.Tensor2D, tf.Tensor2D] {
  const x = pointsInput(a, 'a', minRows);
  const y = pointsInput(b, 'b', minRows);
  if (x.shape[1] !== y.shape[1]) throw new NodeRunError(`b: dimension ${y.shape[1]} does not match a's dimension ${x.shape[1]}`, 'b');
  return [x, y];
}

/** A series {x[], y[]} of equal lengths on `port`. */
export function seriesInput(value: unknown, port: string): Series {
  const s = value as Partial<Series> | undefined;
  if (!s || !Array.isArray(s.x) || !Array.isArray(s.y)) throw new NodeRunError(`${port}: expected a series {x[], y[]}`, port);
  if (s.x.length !== s.y.length) throw new NodeRunError(`${port}: x has ${s.x.length} values but y has ${s.y.length}`, port);
  return s as Series;
}

/** A trajectory of points: frames [k, n, d] with one time per frame (image trajectories [k, N, H, W, C] are refused). */
export function trajectoryInput(value: unknown, port: string): Trajectory & { frames: tf.Tensor3D } {
  const t = value as Partial<Trajectory> | undefined;
  if (!t || !(t.frames instanceof tf.Tensor) || t.frames.rank !== 3) throw new NodeRunError(`${port}: expected frames of shape [k, n, d]`, port);
  if (!Array.isArray(t.times) || t.times.length !== t.frames.shape[0])
    throw new NodeRunError(`${port}: ${t.frames.shape[0]} frames but ${Array.isArray(t.times) ? t.times.length : 'no'} times`, port);
  return t as Trajectory & { frames: tf.Tensor3D };
}
