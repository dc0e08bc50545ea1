import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import { langevinUpdate } from '../lib/sampling/updates';
import { stepInputs, stepNoise, stepOutput, stepPorts, streamParam } from './step-inputs';

export default defineNode({
  type: 'step/langevin',
  version: 1,
  title: 'Langevin step',
  category: 'step',
  ...stepPorts('not used: the score is read at the level’s path point (a, s)', true),
  params: z.object({
    tau: z.number().positive().max(100).default(1e-3).describe('step size τ (fixed), or ε of the annealed step τ_i = ε·σ_i²/σ_L²'),
    scaling: z
      .enum(['fixed', 'annealed'])
      .default('fixed')
      .describe('fixed: the same τ at every level; annealed: τ_i = τ·s_i²/s_L², the SMLD rule that keeps the signal-to-noise ratio of the step constant'),
    stream: streamParam(0),
  }),
  mainParams: ['tau', 'scaling'],
  docs: {
    summary: 'One step of unadjusted Langevin dynamics at the pass’s noise level: a gradient step on log p_t plus injected noise. It samples p_t without moving to another level.',
    equation: String.raw`x \leftarrow x + \tau_i\,\nabla_x \log p_{t}(x) + \sqrt{2\tau_i}\,z,\qquad \tau_i = \begin{cases}\tau & \text{fixed}\\ \tau\,\sigma_i^2/\sigma_L^2 & \text{annealed}\end{cases}`,
    reference: 'Chan §3.1 (Langevin equation) and §3 (annealed Langevin); Song & Ermon 2019, eq. (4) and Algorithm 1',
    notes: [
      'The score is the predictor read at the level’s path point (a, s): on the fixed grid a = 1, s = σ (a loop of this step is sampler/langevin); on the sigmas grid s = σ_i with repeat = steps per level and scaling annealed, σ_L being the smallest level of the grid (sampler/annealed-langevin).',
      'Noise is added at every pass, the last included; it is noiseLike(x, level.seed, level.k) on stream 0, the samplers’ own.',
      'At s = 0 only a predictor that computes the score itself has one.',
    ].join('\n\n'),
  },
  run: (inputs, p, ctx) => {
    const { x, predictor, level } = stepInputs(inputs);
    if (level.s === 0 && predictor.native !== 'score')
      throw new NodeRunError(`predictor: s = 0 needs a predictor that computes the score itself; '${predictor.name}' computes ${predictor.native}`, 'predictor');
    if (p.scaling === 'annealed' && !(level.sLast > 0))
      throw new NodeRunError('level: the annealed step size τ·s²/s_L² needs a smallest level s_L > 0', 'level');
    const tau = p.scaling === 'annealed' ? (p.tau * level.s * level.s) / (level.sLast * level.sLast) : p.tau;
    return stepOutput(ctx, () => langevinUpdate(predictor, x, level.a, level.s, tau, stepNoise(x, level, p.stream)));
  },
});
