import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import type { Distribution } from '../lib/distribution';
import { fullMixtureScore, sampleFullMixture } from '../lib/posterior/full-mixture';
import { linearGaussianPosterior } from '../lib/posterior/posterior';

export default defineNode({
  type: 'data/posterior',
  version: 1,
  title: 'Exact posterior',
  category: 'data',
  inputs: {
    prior: { type: 'distribution', doc: 'a Gaussian mixture (data/gaussian-mixture, 8gaussians, ncsn-gmm)' },
    operator: { type: 'operator', doc: 'a linear measurement with its matrix (measure/linear)' },
    y: { type: 'tensor', doc: 'measurements [N, m]; the posterior is that of the row `index`' },
  },
  outputs: { dist: 'distribution' },
  params: z.object({
    index: z.number().int().min(0).max(200_000).default(0).describe('which row of y to condition on'),
  }),
  docs: {
    summary:
      'The exact posterior p(x | y) of a Gaussian-mixture prior under a linear-Gaussian measurement y = A x + σ_y n: again a Gaussian mixture (full covariances), so its noised score is exact at every level and score/analytic turns it into the ground-truth predictor for any sampler.',
    equation: String.raw`p(x \mid y) = \sum_k w'_k\,\mathcal{N}(x; m_k, \Sigma_k),\quad \Sigma_k = \Big(\tfrac{I}{\sigma_k^2} + \tfrac{A^\top A}{\sigma_y^2}\Big)^{-1},\quad m_k = \Sigma_k\Big(\tfrac{\mu_k}{\sigma_k^2} + \tfrac{A^\top y}{\sigma_y^2}\Big),\quad w'_k \propto w_k\,\mathcal{N}(y; A\mu_k, \sigma_k^2 AA^\top + \sigma_y^2 I)`,
    reference: 'Bishop 2006, Pattern Recognition and Machine Learning, §2.3.3 (linear-Gaussian models), per mixture component; Chung et al. 2023, §3 (DPS) for why the posterior score is what every inverse-problem sampler approximates',
    notes:
      'Noised along x_t = a·x_0 + s·ε the posterior stays a mixture, N(a m_k, a²Σ_k + s²I) per component, whose score is exact (each Σ_k is kept as its eigen-decomposition, shared by every noise level). Its samples are the reference for DPS, ΠGDM and DDRM: their SW to these samples, against the posterior’s own data-to-data floor, is their bias.',
  },
  run: async (inputs, p) => {
    const { prior, operator, y } = inputs;
    const mix = prior.mixture;
    if (!mix) throw new NodeRunError(`prior: '${prior.name}' is not a Gaussian mixture, so its posterior has no closed form`, 'prior');
    if (!operator.matrix) throw new NodeRunError(`operator: '${operator.name}' has no matrix form; the exact posterior needs a small dense A (measure/linear)`, 'operator');
    if (y.rank !== 2 || y.shape[1] !== operator.matrix.length)
      throw new NodeRunError(`y: expected measurements [N, ${operator.matrix.length}], got shape [${y.shape.join(', ')}]`, 'y');
    if (p.index >= y.shape[0]) throw new NodeRunError(`index = ${p.index}, but y has ${y.shape[0]} row${y.shape[0] === 1 ? '' : 's'}`, 'y');
    // One row read back once per run (await: a synchronous read stalls the WebGPU backend).
    const picked = y.slice([p.index, 0], [1, y.shape[1]]);
    const row = Array.from(await picked.data());
    picked.dispose();
    let post;
    try {
      post = linearGaussianPosterior(mix, { matrix: operator.matrix, y: row, sigmaY: operator.sigmaY });
    } catch (e) {
      throw new NodeRunError((e as Error).message, 'operator');
    }
    const dist: Distribution = {
      name: `${prior.name} given y`,
      dim: prior.dim,
      sample: (n: number, seed: number) => sampleFullMixture(post, n, seed),
      exactScore: (x, a, s) => fullMixtureScore(x, post, a, s),
    };
    return { dist };
  },
});
