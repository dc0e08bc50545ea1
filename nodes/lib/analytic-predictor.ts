import { NodeRunError } from '../../src/engine/context';
import type { Distribution } from './distribution';
import { mixtureAffine, mixtureScore } from './mixture';
import type { Predictor } from './predictor';
import { readingFromScore } from './sampling/readout';

/**
 * The exact score of a Gaussian-mixture distribution noised along x_t = a·x_0 + s·ε:
 * ∇ log p_t(x) = Σ_k r_k(x) (a μ_k − x)/(a²σ_k² + s²) (see mixture.ts). Native reading 'score'.
 * It holds no tensors (the mixture's constants are uploaded per call), so it has nothing to dispose;
 * the distribution is captured in a closure, not a property, so disposing the predictor's outputs
 * never reaches the distribution.
 */
export function analyticPredictor(dist: Distribution): Predictor {
  const mix = dist.mixture;
  if (!mix)
    throw new NodeRunError(
      `dist: '${dist.name}' has no exact Gaussian-mixture form, so its exact score is unknown; use a mixture (data/gaussian-mixture, 8gaussians, ncsn-gmm) or a trained score model`,
      'dist',
    );
  return {
    name: `exact score of ${dist.name}`,
    native: 'score',
    evaluate: (x, a, s) => mixtureScore(x, mix, a, s),
    // c_x·x + c_r·(p·x + q·score) + c_z·z: the reading's own x term joins c_x.
    evaluateAffine: (x, a, s, as, cx, cr, z = null, cz = 0) => {
      const [p, q] = readingFromScore(as, a, s);
      return mixtureAffine(x, mix, a, s, cx + cr * p, cr * q, z, cz);
    },
  };
}
