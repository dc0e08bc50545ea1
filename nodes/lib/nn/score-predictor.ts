import * as tf from '@tensorflow/tfjs';
import { NodeRunError } from '../../../src/engine/context';
import type { Predictor } from '../predictor';
import type { ScoreNetwork } from '../../../src/engine/values';
import { evaluateInSlices } from './interruptible';
import { NULL_CLASS } from './unet';

/** Pixels per slice of a U-Net evaluation: 8 digits of 28×28, bounding a cancel's wait (16 digits took 1.5 s on WASM at load 18 on 2 cores, a process's very first call 8 s). */
export const SLICE_PIXELS = 8 * 28 * 28;

/**
 * A score network read as a predictor of (x, a, s) on any path x = a x_0 + s ε. The net works
 * on x̃ = x/a = x_0 + σ ε at σ = s/a, and the three readings move between the two spaces as:
 *   eps:   ε is the same noise in both (x − a x_0 = s ε ⇔ x̃ − x_0 = σ ε): ε̂ passes through;
 *   x0:    the clean point is the same in both: x̂_0 passes through;
 *   score: p_t(x) = p_σ(x/a)/a^d, so ∇_x log p_t(x) = (1/a) ∇_x̃ log p_σ(x̃): the net's ŝ is divided by a.
 * These agree with Tweedie (predictor.ts): −ε̂/s = −ε̂/(aσ) = (1/a)(−ε̂/σ).
 * The weights stay owned by the model; the predictor holds nothing of its own to release.
 */
export function scoreNetPredictor(net: ScoreNetwork, label?: number | Int32Array | 'each'): Predictor {
  const native = net.config.output;
  const classes = (net.config as Partial<{ classes: number }>).classes ?? 0;
  if (label !== undefined && !classes) throw new NodeRunError('class: this network is unconditional (only a model/unet with classes 10 takes a class)');
  // Labels of rows [b, b + n) of a batch: one class for all, each row's own (10 = none: the unconditional prediction), or row i's i mod classes.
  const labelsOf = (b: number, n: number) =>
    label === undefined ? undefined : typeof label === 'number' ? new Int32Array(n).fill(label) : label === 'each' ? Int32Array.from({ length: n }, (_, i) => (b + i) % classes) : label.subarray(b, b + n);
  return {
    name: `${net.kind} (${native}${typeof label === 'number' && label !== NULL_CLASS ? `, class ${label}` : label === 'each' ? ', class i mod 10' : ''})`,
    native,
    evaluate(x, a, s) {
      if (net.isDisposed) throw new Error('the score network behind this predictor has been disposed');
      const d = (net.config as Partial<{ dim: number }>).dim; // the MLP's point dimension; image networks check their own input
      if (d !== undefined && (x.rank !== 2 || x.shape[1] !== d))
        throw new NodeRunError(`predictor: this score MLP takes points [n, ${d}], got x of shape [${x.shape.join(', ')}]`, 'predictor');
      if (label instanceof Int32Array && label.length !== x.shape[0]) throw new Error(`${label.length} class labels for a batch of ${x.shape[0]}`);
      const read = (points: tf.Tensor, begin = 0) =>
        tf.tidy(() => {
          const out = net.apply(a === 1 ? points : tf.mul(points, 1 / a), s / a, labelsOf(begin, points.shape[0]));
          return native === 'score' && a !== 1 ? tf.mul(out, 1 / a) : out;
        });
      // An image network's batch runs in slices that a sampler step can yield between (interruptible.ts).
      const image = net.config as Partial<{ height: number; width: number }>;
      return image.height && image.width ? evaluateInSlices(x, SLICE_PIXELS / (image.height * image.width), read) : read(x);
    },
  };
}
