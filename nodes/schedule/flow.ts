import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { levelsEstimate } from '../lib/estimates';
import { flowSchedule } from '../lib/schedules';
import { levelsParam } from '../lib/schedules/params';

export default defineNode({
  type: 'schedule/flow',
  version: 1,
  title: 'Rectified-flow path (flow matching)',
  category: 'schedule',
  inputs: {},
  outputs: { schedule: 'schedule' },
  schedule: { family: 'flow', path: 'continuous', sigmaGrid: false },
  params: z.object({
    tauMax: z.number().min(0.5).max(0.99999).default(0.999).describe('τ at t = 1: the path stops short of τ = 1, where it holds no data (σ = τ/(1 − τ) = ∞)'),
    N: levelsParam(1000, 'number of levels of the level grid (t = i/N)'),
  }),
  mainParams: ['tauMax'],
  docs: {
    summary: 'The straight path between data and noise of rectified flow and flow matching: x_τ = (1 − τ)x₀ + τε. Its probability-flow ODE is the flow-matching ODE dx/dτ = ε̂ − x̂₀.',
    equation: String.raw`a(t) = 1 - \tau,\quad s(t) = \tau,\quad \tau = \tau_{\max} t;\qquad f = -\frac{\tau_{\max}}{1-\tau},\quad g^2 = \frac{2\tau_{\max}\tau}{1-\tau};\qquad \frac{dx}{d\tau} = a'\hat x_0 + s'\hat\varepsilon = \hat\varepsilon - \hat x_0`,
    reference: 'Liu, Gong & Liu 2022 (rectified flow); Lipman et al. 2023 (flow matching), the conditional OT path with σ_min = 0; Chan §4 (every path x = a x₀ + s ε has a probability-flow ODE)',
    notes: [
      'One more path x = a·x₀ + s·ε, so every predictor reads on it (a network trained on the VP path at σ serves here at σ = τ/(1 − τ), and the reverse): a score read at (a, s) gives ε̂ = −s·score and x̂₀ = (x + s²·score)/a.',
      'The prior at t = 1 is N(0, τ_max² I), up to the (1 − τ_max) share of data. It has no β chain (DDPM, DDIM refuse it) and no σ levels (annealed Langevin, EDM refuse it); the ODE and SDE solvers and DPM-Solver (in λ = log((1 − τ)/τ)) run on it.',
    ].join('\n\n'),
  },
  estimate: (p) => levelsEstimate(p.N),
  run: (_inputs, p) => ({ schedule: flowSchedule(p) }),
});
