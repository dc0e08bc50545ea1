import type { ScheduleFamily } from './values';

/**
 * What a node type is, declared on its definition, so code chooses behaviour from these fields
 * and never from a node type's or a schedule's name: a new schedule or sampler that declares
 * them joins every place (loop expansion, contract tests, the editor) without a list to update.
 */

/** Schedules (category 'schedule'): the path their value is. */
export interface ScheduleCapabilities {
  /** 'vp': a² + s² = 1 (with a discrete β chain ᾱ_i); 've': a = 1, s = σ. */
  family: ScheduleFamily;
  /** 'discrete': defined by β_1…β_T, the continuous path interpolates the chain; 'continuous': defined on t ∈ [0, 1]. */
  path: 'discrete' | 'continuous';
  /** Its σ levels are a sampling grid in σ (Karras/EDM): samplers integrate in σ over them, not in t. */
  sigmaGrid: boolean;
}

/** One step node in a sampler's loop body. */
export interface ExpandedStep {
  id: string;
  type: string;
  params?: Record<string, unknown>;
}

/** A sampler as a loop/levels node: the loop's params and its body, a chain of step nodes. */
export interface SamplerExpansion {
  loop: Record<string, unknown>;
  steps: ExpandedStep[];
}

/** What the schedule feeding a sampler is, as far as its expansion depends on it. */
export interface ExpandContext {
  /** The schedule node declares `sigmaGrid` (ScheduleCapabilities). */
  sigmaGrid: boolean;
}

/** Samplers (category 'sampler'). */
export interface SamplerCapabilities<Params = Record<string, unknown>> {
  /**
   * The schedule the sampler walks: 'vp-chain' needs a VP schedule's discrete β chain (DDPM,
   * DDIM), 've-levels' a VE schedule's σ levels (annealed Langevin, EDM), 'path' any path
   * a(t), s(t) (SDE and ODE solvers), 'none' no schedule at all (plain Langevin).
   */
  schedule: 'vp-chain' | 've-levels' | 'path' | 'none';
  /** Whether it draws noise (a seed changes its output). */
  stochastic: boolean;
  /**
   * The loop of single steps that gives this sampler's numbers (nodes/loop/expand.ts), from its
   * parsed params; throws an Error saying why when these params have no single-step form.
   * Absent: the sampler has no single-step form.
   */
  expand?(params: Params, context: ExpandContext): SamplerExpansion;
}
