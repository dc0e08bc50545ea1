import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { TOY2D_NAMES, toy2d } from '../lib/toy2d';

export default defineNode({
  type: 'data/toy2d',
  version: 1,
  title: '2-D toy data',
  category: 'data',
  inputs: {},
  outputs: { dist: 'distribution' },
  params: z.object({
    name: z.enum(TOY2D_NAMES).default('8gaussians').describe('which toy data set'),
  }),
  mainParams: ['name'],
  docs: {
    summary:
      'The standard 2-D toy distributions. 8gaussians and ncsn-gmm are Gaussian mixtures (exact score via score/analytic); the others are only sampled.',
    equation: String.raw`\text{8gaussians: } p(x) = \tfrac18 \sum_{k=0}^{7} \mathcal{N}\!\big(x;\ 2\sqrt2\,(\cos\tfrac{k\pi}{4}, \sin\tfrac{k\pi}{4}),\ \tfrac18 I\big)`,
    reference: 'FFJORD toy_data.py (Grathwohl et al. 2019); ncsn-gmm: Song & Ermon 2019, §3.2',
    notes: [
      'Scales follow FFJORD\'s toy_data.py, which most diffusion and flow toy code copies:',
      '- **8gaussians**: centres at radius 2√2 ≈ 2.83 in the 8 directions kπ/4, component std 1/(2√2) ≈ 0.354 (FFJORD: centres 4·direction, noise 0.5, all divided by 1.414; we divide by √2). Overall std ≈ 2.03 per coordinate.',
      '- **ncsn-gmm**: 1/5·N((−5, −5), I) + 4/5·N((5, 5), I) (Song & Ermon 2019).',
      '- **swissroll**: sklearn make_swiss_roll(noise 1) on (x, z), divided by 5: (t cos t, t sin t)/5 + 0.2 z with t = 1.5π(1 + 2u); radius ≈ 0.9…2.8.',
      '- **moons**: sklearn make_moons(noise 0.1), then ×2 + (−1, −0.2): two half circles of radius 2, noise std 0.2; before noise they lie in [−3, 3]×[−1.2, 1.8].',
      '- **checkerboard**: uniform on the 8 dark squares (side 2) of a checkerboard on [−4, 4]²; no noise.',
      '- **circles**: sklearn make_circles(factor 0.5, noise 0.08), then ×3: circles of radius 3 and 1.5, noise std 0.24.',
      'For moons and circles each point picks its component with probability ½ and its angle uniformly (sklearn splits n in halves and spaces angles evenly).',
    ].join('\n'),
  },
  run: (_inputs, p) => ({ dist: toy2d(p.name) }),
});
