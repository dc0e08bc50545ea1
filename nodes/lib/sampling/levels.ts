import { NodeRunError } from '../../../src/engine/context';
import type { Schedule } from '../schedule';
import { ddimIndices, linspace, type DdimSpacing } from './grids';
import { veSigmas, vpChain } from './inputs';
import type { LoopGrid, LoopLevel } from '../../../src/engine/values';

/**
 * The levels a loop (`loop/levels`) walks, one per pass, as its body's step nodes see them on
 * their `level` port. A pass moves the state from the path point at `t` towards `tNext`; step
 * nodes read the predictor at (a, s) = (a(t), s(t)) and draw their noise from (seed, k).
 */
export type { LoopGrid, LoopLevel } from '../../../src/engine/values';

export interface LevelParams {
  grid: LoopGrid;
  /** Passes of the ddim, time and fixed grids. */
  steps: number;
  spacing: DdimSpacing;
  /** Where the time grid stops. */
  tEnd: number;
  /** The one noise level of the fixed grid (VE point a = 1, s = σ). */
  sigma: number;
  /** Passes per level on the sigmas grid. */
  repeat: number;
}

/** The passes of a loop, made on demand: a sigmas grid may hold L·repeat ≈ 10⁸ of them. */
export interface LevelPlan {
  count: number;
  timeLabel: LoopLevel['timeLabel'];
  /** Pass k, carrying the loop's seed (0 if not given). */
  at(k: number, seed?: number): LoopLevel;
}

/**
 * The passes of each grid, noisiest first, each exactly as the whole sampler walks it:
 *   chain:  every DDPM step i = T…1 → i − 1 (sampler/ddpm), t = i/T;
 *   ddim:   ddimIndices(T, steps, spacing) then 0 (sampler/ddim);
 *   time:   t_k = linspace(1, tEnd, steps) → t_{k+1} (reverse-SDE, PC, probability-flow ODE);
 *   sigmas: the VE levels σ_j → σ_{j+1} (the last → 0), each `repeat` times, k = j·repeat + r
 *           (annealed Langevin; EDM's Heun with repeat = 1);
 *   fixed:  `steps` passes at one VE point a = 1, s = σ (plain Langevin), t = k.
 */
export function loopLevels(schedule: Schedule | undefined, p: LevelParams): LevelPlan {
  const need = (what: string): Schedule => {
    if (!schedule) throw new NodeRunError(`schedule: the ${p.grid} grid walks ${what}; connect a schedule`, 'schedule');
    return schedule;
  };
  const plan = (count: number, timeLabel: LoopLevel['timeLabel'], sLast: number, point: (k: number) => Pick<LoopLevel, 't' | 'tNext' | 'a' | 's' | 'i' | 'iNext'>): LevelPlan => ({
    count,
    timeLabel,
    // One literal per pass, every field set (no spreads): a loop makes one of these per step.
    at: (k, seed = 0) => {
      const { t, tNext, a, s, i, iNext } = point(k);
      return { k, count, seed, last: k === count - 1, grid: p.grid, t, tNext, a, s, i, iNext, sLast, timeLabel };
    },
  });

  if (p.grid === 'chain' || p.grid === 'ddim') {
    const { alphaBars, T } = vpChain(need('the discrete chain of a VP schedule'), `the ${p.grid} grid`);
    if (p.grid === 'ddim' && p.steps > T) throw new NodeRunError(`steps (${p.steps}) exceeds the schedule’s T = ${T}: the ddim grid visits a sub-sequence of the chain`, 'schedule');
    const idx = p.grid === 'chain' ? Array.from({ length: T + 1 }, (_, k) => T - k) : [...ddimIndices(T, p.steps, p.spacing), 0];
    const count = idx.length - 1;
    return plan(count, 't', Math.sqrt(1 - alphaBars[idx[count - 1]]), (k) => ({
      i: idx[k],
      iNext: idx[k + 1],
      t: idx[k] / T,
      tNext: idx[k + 1] / T,
      a: Math.sqrt(alphaBars[idx[k]]),
      s: Math.sqrt(1 - alphaBars[idx[k]]),
    }));
  }
  if (p.grid === 'time') {
    const sch = need('the continuous path a(t), s(t)');
    const grid = linspace(1, p.tEnd, p.steps);
    return plan(p.steps, 't', sch.s(grid[p.steps - 1]), (k) => ({ t: grid[k], tNext: grid[k + 1], a: sch.a(grid[k]), s: sch.s(grid[k]) }));
  }
  if (p.grid === 'sigmas') {
    const sigmas = veSigmas(need('the σ levels of a VE schedule'), 'the sigmas grid');
    const L = sigmas.length;
    return plan(L * p.repeat, 'σ', sigmas[L - 1], (k) => {
      const j = Math.floor(k / p.repeat);
      return { t: sigmas[j], tNext: j + 1 < L ? sigmas[j + 1] : 0, a: 1, s: sigmas[j] };
    });
  }
  return plan(p.steps, 'step', p.sigma, (k) => ({ t: k, tNext: k + 1, a: 1, s: p.sigma }));
}
