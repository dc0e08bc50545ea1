import { NodeRunError } from '../../../src/engine/context';
import type { Schedule } from '../schedule';
import { lambdaOf, pathAtLambda, type PathAB } from './dpm-solver';
import { ddimIndices, linspace, type DdimSpacing } from './grids';
import { veSigmas, vpChain } from './inputs';

/**
 * The points an ODE solver in λ (DPM-Solver) walks, noisiest first, each with the time its
 * trajectory frame is labelled with:
 *   logSNR: λ_k evenly spaced from λ(1) to λ(tEnd) (Lu et al.'s skip_type 'logSNR', which their code
 *           recommends for low-resolution data);
 *   time:   t_k = linspace(1, tEnd, steps) (skip_type 'time_uniform': the default of the reference
 *           code's DPM_Solver.sample, and how diffusers' DPMSolverMultistepScheduler spaces its timesteps);
 *   ddim:   a discrete VP chain's ᾱ at ddimIndices(T, steps, spacing), then ᾱ_0 = 1 (s = 0),
 *           so order 1 is DDIM with η = 0 step for step;
 *   sigmas: a VE schedule's σ levels (Karras: its σ grid), then σ = 0 (k-diffusion's sigmas).
 */
export type SolverGrid = 'logSNR' | 'time' | 'ddim' | 'sigmas';

export interface GridPoint extends PathAB {
  time: number;
}

export interface SolverPlan {
  points: GridPoint[];
  timeLabel: 't' | 'σ';
}

export interface GridParams {
  grid: SolverGrid;
  steps: number;
  tEnd: number;
  spacing: DdimSpacing;
}

export function solverGrid(schedule: Schedule, p: GridParams, solver: string): SolverPlan {
  if (p.grid === 'sigmas') {
    const sigmas = veSigmas(schedule, `${solver} on the sigmas grid`);
    return { points: [...Array.from(sigmas, (s) => ({ a: 1, s, time: s })), { a: 1, s: 0, time: 0 }], timeLabel: 'σ' };
  }
  if (p.grid === 'ddim') {
    const { alphaBars, T } = vpChain(schedule, `${solver} on the ddim grid`);
    if (p.steps > T) throw new NodeRunError(`steps (${p.steps}) exceeds the schedule’s T = ${T}: the ddim grid visits a sub-sequence of the chain`, 'schedule');
    const idx = [...ddimIndices(T, p.steps, p.spacing), 0];
    return { points: idx.map((i) => ({ a: Math.sqrt(alphaBars[i]), s: Math.sqrt(1 - alphaBars[i]), time: i / T })), timeLabel: 't' };
  }
  if (p.grid === 'time') return { points: linspace(1, p.tEnd, p.steps).map((t) => ({ a: schedule.a(t), s: schedule.s(t), time: t })), timeLabel: 't' };
  const at = (t: number) => ({ a: schedule.a(t), s: schedule.s(t) });
  const [l0, l1] = [lambdaOf(at(1)), lambdaOf(at(p.tEnd))];
  return {
    points: linspace(l0, l1, p.steps).map((l) => {
      const pt = pathAtLambda(schedule.family, l);
      return { ...pt, time: schedule.tOfSigma(pt.s / pt.a) };
    }),
    timeLabel: 't',
  };
}
