import { z } from 'zod';
import { NodeRunError } from '../../../src/engine/context';

/** Param pieces shared by the schedule nodes; every one bounded. */
export const stepsParam = z.number().int().min(1).max(10_000).default(1000).describe('number of diffusion steps T');

export const levelsParam = (def: number, what: string) => z.number().int().min(2).max(10_000).default(def).describe(what);

/** A variance β strictly inside (0, 1). */
export const betaParam = (def: number, what: string) => z.number().gt(0).lt(1).default(def).describe(what);

/** A continuous-time β(t) rate: positive, at most 100. */
export const betaRateParam = (def: number, what: string) => z.number().gt(0).max(100).default(def).describe(what);

/** A noise level σ: positive, at most 1e4. */
export const sigmaParam = (def: number, what: string) => z.number().gt(0).max(10_000).default(def).describe(what);

/** Throws a NodeRunError naming both params unless params[low] < params[high]. */
export function requireIncreasing<P extends Record<string, unknown>>(params: P, low: keyof P & string, high: keyof P & string): void {
  const lo = params[low] as number;
  const hi = params[high] as number;
  if (!(lo < hi)) throw new NodeRunError(`${low} (${lo}) must be less than ${high} (${hi})`);
}
