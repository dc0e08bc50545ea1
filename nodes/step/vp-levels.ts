import { NodeRunError } from '../../src/engine/context';
import type { Schedule } from '../lib/schedule';
import { vpChain } from '../lib/sampling/inputs';
import type { LoopLevel } from '../lib/sampling/levels';
import type { DdpmLevel } from '../lib/sampling/updates';

/**
 * ᾱ at both ends of a pass of a VP loop, and the β of the jump between them, for the DDPM and
 * DDIM steps. On the chain and ddim grids they are the discrete chain's: one chain step i → i − 1
 * uses β_i itself; a longer jump i → j uses the respaced β = 1 − ᾱ_i/ᾱ_j (the β of the
 * sub-sequence's own chain, as diffusers respaces a schedule). On the time grid they are the
 * continuous path's ᾱ(t) = a(t)², so a DDPM step runs on any VP time grid.
 */
export function vpLevels(schedule: Schedule, level: LoopLevel, step: string): DdpmLevel {
  if (level.i !== undefined && level.iNext !== undefined) {
    const { betas, alphaBars } = vpChain(schedule, step);
    const alphaBar = alphaBars[level.i];
    const alphaBarPrev = alphaBars[level.iNext];
    return { alphaBar, alphaBarPrev, beta: level.iNext === level.i - 1 ? betas[level.i] : 1 - alphaBar / alphaBarPrev };
  }
  if (level.grid !== 'time')
    throw new NodeRunError(`level: ${step} moves along a VP chain; the loop’s ${level.grid} grid has no ᾱ (use the chain, ddim or time grid)`, 'level');
  if (schedule.family !== 'vp') throw new NodeRunError(`schedule: ${step} needs a variance-preserving path (a² + s² = 1); '${schedule.name}' is not one`, 'schedule');
  const alphaBar = schedule.a(level.t) ** 2;
  const alphaBarPrev = schedule.a(level.tNext) ** 2;
  return { alphaBar, alphaBarPrev, beta: 1 - alphaBar / alphaBarPrev };
}
