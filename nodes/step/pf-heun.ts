import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { eulerStep, heunStep } from '../lib/sampling/ode';
import { passDrift } from './grid-time';
import { requireSchedule, stepInputs, stepOutput, stepPorts } from './step-inputs';

export default defineNode({
  type: 'step/pf-heun',
  version: 1,
  title: 'Probability-flow ODE step (Heun)',
  category: 'step',
  ...stepPorts('any schedule: its continuous path and SDE f(t), g(t)²'),
  params: z.object({}),
  docs: {
    summary: 'One deterministic Heun (explicit trapezoid) step of the probability-flow ODE from the pass’s time to the next: an Euler predictor, then the average of the two slopes. Two predictor calls.',
    equation: String.raw`\tilde x = x + h\,v(t, x),\qquad x \leftarrow x + \tfrac h2\big(v(t, x) + v(t + h, \tilde x)\big),\qquad v = f x - \tfrac12 g^2 \nabla_x \log p_t\ \ \big(\text{sigmas grid: } v = (x - \hat x_0)/\sigma\big)`,
    reference: 'Chan §4 (probability-flow ODE); Song et al. 2021, eq. (13); Karras et al. 2022 (EDM), Algorithm 1',
    notes: [
      'On the time grid a loop of this step is sampler/pf-ode with method heun. On the sigmas grid of a Karras schedule (repeat = 1) it is EDM’s deterministic Algorithm 1: the pass to σ = 0 is an Euler step (the slope at σ = 0 does not exist), so NFE = 2N − 1.',
      'On the chain and ddim grids t = i/T of the schedule’s continuous path. The fixed grid is refused.',
    ].join('\n\n'),
  },
  run: (inputs, _p, ctx) => {
    const s = stepInputs(inputs);
    const drift = passDrift(requireSchedule(s, 'the probability-flow step'), s.level, 'the probability-flow step');
    const { t, tNext } = s.level;
    const step = s.level.grid === 'sigmas' && tNext === 0 ? eulerStep : heunStep;
    return stepOutput(ctx, () => step(s.predictor, s.x, drift, t, tNext - t));
  },
});
