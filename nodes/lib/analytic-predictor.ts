import * as tf from '@tensorflow/tfjs';
import { NodeRunError } from '../../src/engine/context';
import type { Distribution } from './distribution';
import { mixtureAffine, mixtureScore } from './mixture';
import type { Predictor } from './predictor';
import { combine, readingFromScore } from './sampling/readout';

/**
 * The exact score of a Gaussian-mixture distribution noised along x_t = a·x_0 + s·ε:
 * ∇ log p_t(x) = Σ_k r_k(x) (a μ_k − x)/(a²σ_k² + s²) (see mixture.ts). Native reading 'score'.
 * It holds no tensors (the mixture's constants are uploaded per call), so it has nothing to dispose;
 * the distribution is captured in a closure, not a property, so disposing the predictor's outputs
 * never reaches the distribution.
 */
export function analyticPredictor(dist: Distribution): Predictor {
  const mix = dist.mixture;
  if (!mix) {
    if (dist.exactScore) return exactScorePredictor(dist, dist.exactScore.bind(dist));
    throw new NodeRunError(
      `dist: '${dist.name}' has no exact Gaussian-mixture form, so its exact score is unknown; use a mixture (data/gaussian-mixture, 8gaussians, ncsn-gmm), an exact posterior (data/posterior) or a trained score model`,
      'dist',
    );
  }
  const d = mix.means[0]?.length ?? 0;
  const name = `exact score of ${dist.name}`;
  return {
    name,
    native: 'score',
    evaluate: (x, a, s) => mixtureScore(mixturePoints(x, d, name), mix, a, s),
    // c_x·x + c_r·(p·x + q·score) + c_z·z: the reading's own x term joins c_x.
    evaluateAffine: (x, a, s, as, cx, cr, z = null, cz = 0) => {
      const [p, q] = readingFromScore(as, a, s);
      return mixtureAffine(mixturePoints(x, d, name), mix, a, s, cx + cr * p, cr * q, z as tf.Tensor2D | null, cz);
    },
  };
}

/**
 * A distribution that knows its own noised score (an exact posterior, a full-covariance mixture):
 * the same predictor contract, with affine readings c_x·x + c_r·(p·x + q·score) + c_z·z combined
 * from the score.
 */
function exactScorePredictor(dist: Distribution, score: (x: tf.Tensor2D, a: number, s: number) => tf.Tensor2D): Predictor {
  const name = `exact score of ${dist.name}`;
  return {
    name,
    native: 'score',
    evaluate: (x, a, s) => score(mixturePoints(x, dist.dim, name), a, s),
    evaluateAffine: (x, a, s, as, cx, cr, z = null, cz = 0) =>
      tf.tidy(() => {
        const [p, q] = readingFromScore(as, a, s);
        return combine([
          [x, cx + cr * p],
          [score(mixturePoints(x, dist.dim, name), a, s), cr * q],
          [z, cz],
        ]);
      }),
  };
}

/**
 * The mixture's score is a function of points [n, d] (its means are d-vectors): any other batch
 * (an image batch [N, H, W, C]) is refused with both shapes, naming the predictor port every user
 * of a predictor has (sampler, step, loop, score/evaluate).
 */
function mixturePoints(x: tf.Tensor, d: number, name: string): tf.Tensor2D {
  if (x.rank !== 2 || x.shape[1] !== d)
    throw new NodeRunError(
      `predictor: the ${name} takes points [n, ${d}], got x of shape [${x.shape.join(', ')}]; an image batch needs a predictor for images (a trained U-Net)`,
      'predictor',
    );
  return x as tf.Tensor2D;
}
