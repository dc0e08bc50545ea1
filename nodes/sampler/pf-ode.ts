import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { RunContext } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import { samplerEstimate } from '../lib/estimates';
import { interruptibleStep } from '../lib/nn/interruptible';
import type { Predictor } from '../lib/predictor';
import type { Schedule } from '../lib/schedule';
import { Chain, runSteps, type SamplerResult } from '../lib/sampling/chain';
import { linspace } from '../lib/sampling/grids';
import { samplerInputs, samplerPorts, tEndParam } from '../lib/sampling/inputs';
import { edmDrift, eulerStep, FIXED_STEPS, pfOdeDrift, type AffineDrift } from '../lib/sampling/ode';
import { DormandPrince } from '../lib/sampling/rk45';

/** Bound on rk45's attempted steps (accepted and rejected), each 6 predictor calls. */
const RK45_MAX_ATTEMPTS = 10_000;

/** What to integrate: the drift in τ, the τ grid (t, or σ for Karras), and whether the last step (to σ = 0) must be Euler. */
interface Plan {
  drift: AffineDrift;
  grid: number[];
  lastEuler: boolean;
  timeLabel: string;
}

function plan(schedule: Schedule, steps: number, tEnd: number): Plan {
  if (schedule.sigmaGrid && schedule.sigmas) return { drift: edmDrift, grid: [...schedule.sigmas, 0], lastEuler: true, timeLabel: 'σ' };
  return { drift: pfOdeDrift(schedule), grid: linspace(1, tEnd, steps), lastEuler: false, timeLabel: 't' };
}

/** Adaptive Dormand–Prince over grid[0] → grid[end] (or to the last σ > 0), then the final Euler step if planned. */
async function integrateAdaptive(ctx: RunContext, p: Predictor, xT: tf.Tensor, pl: Plan, rtol: number, atol: number): Promise<SamplerResult> {
  const tau0 = pl.grid[0];
  const tau1 = pl.grid[pl.grid.length - (pl.lastEuler ? 2 : 1)];
  const chain = new Chain(ctx, xT, tau0, pl.timeLabel);
  const checkpoint = () => ctx.checkpoint();
  const dp = new DormandPrince(p, pl.drift, tau0, tau1, rtol, atol, RK45_MAX_ATTEMPTS, checkpoint);
  try {
    await dp.start(chain.x);
    // Progress and frames follow the fraction of the τ interval covered (σ-time for Karras: its log).
    const span = pl.lastEuler ? (t: number) => Math.log(tau0 / t) / Math.log(tau0 / tau1) : (t: number) => (tau0 - t) / (tau0 - tau1);
    const share = pl.lastEuler ? 1 - 1 / pl.grid.length : 1;
    while (!dp.done) {
      const next = await dp.step(chain.x);
      await chain.advance(next, dp.done ? share : Math.min(span(dp.t), 1) * share, dp.t);
    }
    if (pl.lastEuler) await chain.advance(await interruptibleStep(checkpoint, () => eulerStep(p, chain.x, pl.drift, tau1, -tau1)), 1, 0);
    return chain.finish();
  } catch (e) {
    chain.dispose();
    throw e;
  } finally {
    dp.dispose();
  }
}

export default defineNode({
  type: 'sampler/pf-ode',
  version: 1,
  title: 'Probability-flow ODE sampler',
  category: 'sampler',
  ...samplerPorts(
    'any schedule; a Karras schedule is integrated on its own σ grid (EDM)',
    'starting noise from the prior N(0, s(1)² I) (priorStd; σ_max for Karras)',
  ),
  params: z.object({
    method: z.enum(['euler', 'heun', 'rk4', 'rk45']).default('heun').describe('ODE solver: fixed-step Euler/Heun/RK4, or adaptive Dormand–Prince RK45'),
    steps: z.number().int().min(1).max(10_000).default(100).describe('fixed steps from t = 1 to tEnd (not used by rk45 or on a Karras schedule)'),
    rtol: z.number().min(1e-8).max(1).default(1e-5).describe('rk45: relative tolerance'),
    atol: z.number().min(1e-8).max(1).default(1e-5).describe('rk45: absolute tolerance'),
    tEnd: tEndParam,
  }),
  mainParams: ['method', 'steps'],
  sampler: {
    schedule: 'path',
    stochastic: false,
    expand: (p, schedule) => {
      if (p.method !== 'euler' && p.method !== 'heun')
        throw new Error(`pf-ode with method ${p.method} has no single-step node (its stages span a whole step${p.method === 'rk45' ? ' and it adapts the step size' : ''}); choose euler or heun to expand it`);
      // On a σ-grid schedule the sampler integrates EDM's ODE in σ over the grid (plan() below).
      const grid = schedule.sigmaGrid ? { grid: 'sigmas', repeat: 1 } : { grid: 'time', steps: p.steps, tEnd: p.tEnd };
      return { loop: { ...grid, seed: 0 }, steps: [{ id: `pf-${p.method}`, type: `step/pf-${p.method}` }] };
    },
  },
  docs: {
    summary: 'Deterministic sampling: integrates the probability-flow ODE, whose solutions have the same marginals p_t as the SDE, from the prior to the data.',
    equation: String.raw`\frac{dx}{dt} = f(t)\,x - \tfrac12 g(t)^2\,\nabla_x \log p_t(x);\qquad \text{Karras: } \frac{dx}{d\sigma} = \frac{x - \hat x_0(x;\sigma)}{\sigma}`,
    reference: 'Chan §4 (probability-flow ODE); Song et al. 2021, eq. (13) and §4.3; Karras et al. 2022 (EDM), eq. (3) and Algorithm 1',
    notes: [
      'Fixed steps: grid t_k = 1 − k(1 − tEnd)/steps; Euler (1 call per step), Heun (2), classical RK4 (4). rk45: Dormand–Prince 5(4) with scipy’s error norm and step control (as Song et al.’s solve_ivp), the initial step by Hairer’s rule, at most 10 000 attempted steps; it reads one error number back per step.',
      'On a Karras schedule (EDM) the ODE is taken in σ-time on the path a = 1, s = σ, over the schedule’s grid σ_0 > … > σ_{N−1} and then to σ = 0; the last step is Euler (it returns x̂_0). Heun there is EDM’s Algorithm 1 (deterministic, S_churn = 0, NFE = 2N − 1); steps and tEnd do not apply, and rk45 runs adaptively from σ_0 to σ_{N−1}.',
      'No final denoising on the continuous path: the output is x(tEnd). The score is the predictor read at (a(t), s(t)). nfe counts every predictor call.',
    ].join('\n\n'),
  },
  estimate: samplerEstimate((p: { method: 'euler' | 'heun' | 'rk4' | 'rk45'; steps: number }) => p.steps * { euler: 1, heun: 2, rk4: 4, rk45: 6 }[p.method]),
  run: async (inputs, p, ctx) => {
    const { predictor, count, xT } = samplerInputs(inputs);
    const schedule = inputs.schedule;
    const pl = plan(schedule, p.steps, p.tEnd);
    const { method } = p;
    let result: SamplerResult;
    if (method === 'rk45') result = await integrateAdaptive(ctx, predictor, xT, pl, p.rtol, p.atol);
    else {
      const n = pl.grid.length - 1;
      const fixed = FIXED_STEPS[method];
      result = await runSteps(ctx, xT, n, (k) => pl.grid[k], pl.timeLabel, (x, k) =>
        (pl.lastEuler && k === n - 1 ? eulerStep : fixed)(predictor, x, pl.drift, pl.grid[k], pl.grid[k + 1] - pl.grid[k]),
      );
    }
    return { ...result, nfe: count() };
  },
});
