import type { Schedule } from '../lib/schedule';
import type { LoopLevel } from '../lib/sampling/levels';
import { edmDrift, pfOdeDrift, type AffineDrift } from '../lib/sampling/ode';
import { pathPoint, type PathPoint } from '../lib/sampling/updates';
import { requireMovingGrid } from './step-inputs';

/**
 * The SDE and ODE steps in the grid's own time τ. On every grid but sigmas τ = t, the
 * schedule's continuous time. On the sigmas grid τ = σ on the VE path a = 1, s = σ, where
 * f = 0 and g² dt = d(σ²) = 2σ dσ: the SDE in σ-time has g² = 2σ, and the probability-flow
 * drift −½g²·score = −σ·score = (x − x̂_0)/σ is EDM's (Karras et al. 2022, eq. (3)).
 */
export function passPoint(schedule: Schedule, level: LoopLevel, step: string): PathPoint {
  requireMovingGrid(level, step);
  return level.grid === 'sigmas' ? { a: 1, s: level.t, f: 0, g2: 2 * level.t } : pathPoint(schedule, level.t);
}

export function passDrift(schedule: Schedule, level: LoopLevel, step: string): AffineDrift {
  requireMovingGrid(level, step);
  return level.grid === 'sigmas' ? edmDrift : pfOdeDrift(schedule);
}
