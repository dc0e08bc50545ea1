import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { eulerStep } from '../lib/sampling/ode';
import { passDrift } from './grid-time';
import { requireSchedule, stepInputs, stepOutput, stepPorts } from './step-inputs';

export default defineNode({
  type: 'step/pf-euler',
  version: 1,
  title: 'Probability-flow ODE step (Euler)',
  category: 'step',
  ...stepPorts('any schedule: its continuous path and SDE f(t), g(t)²'),
  params: z.object({}),
  docs: {
    summary: 'One deterministic Euler step of the probability-flow ODE from the pass’s time to the next: one predictor call, no noise.',
    equation: String.raw`x \leftarrow x + h\Big[f(t)\,x - \tfrac12 g(t)^2\,\nabla_x\log p_t(x)\Big],\ h = t_{\mathrm{next}} - t;\qquad \text{sigmas grid: } x \leftarrow x + (\sigma_{\mathrm{next}} - \sigma)\,\frac{x - \hat x_0(x;\sigma)}{\sigma}`,
    reference: 'Chan §4 (probability-flow ODE); Song et al. 2021, eq. (13); Karras et al. 2022 (EDM), eq. (3)',
    notes: [
      'On the time grid a loop of this step is sampler/pf-ode with method euler. On the sigmas grid (repeat = 1) the ODE is EDM’s, in σ-time on the VE path a = 1, s = σ; its last pass, to σ = 0, returns x̂_0.',
      'On the chain and ddim grids t = i/T of the schedule’s continuous path. The fixed grid is refused.',
    ].join('\n\n'),
  },
  run: (inputs, _p, ctx) => {
    const s = stepInputs(inputs);
    const drift = passDrift(requireSchedule(s, 'the probability-flow step'), s.level, 'the probability-flow step');
    return stepOutput(ctx, () => eulerStep(s.predictor, s.x, drift, s.level.t, s.level.tNext - s.level.t));
  },
});
