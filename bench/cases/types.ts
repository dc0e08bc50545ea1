import type { NodeBackend } from '../../src/engine/backend-node';
import type { Ratio, TimingOptions, Variant, VariantResult } from '../harness';
import type { MemoryReport } from '../memory';

export type CaseGroup = 'overhead' | 'backend' | 'training' | 'peer';

/** A benchmark case: variants timed side by side, and the ratios to report. */
export interface BenchCase {
  id: string;
  group: CaseGroup;
  title: string;
  backend: NodeBackend;
  /** Work units of one run (sampler steps, training steps): times are also given per unit. */
  units: number;
  unitName: string;
  variants: Variant[];
  /** [name, numerator key, denominator key]: ratio of median times. */
  ratios: [string, string, string][];
  /** Warm-ups and timed runs, when not the run's default. */
  timing?: TimingOptions;
  setup?: () => Promise<void>;
  /** An untimed check that the variants compute the same thing. */
  check?: () => Promise<Record<string, number | string>>;
  teardown?: () => Promise<void>;
  notes?: string[];
}

export interface CaseResult {
  id: string;
  group: CaseGroup;
  title: string;
  backend: string;
  units: number;
  unitName: string;
  variants: Record<string, VariantResult & { perUnitMs: number; cpuPerUnitMs: number }>;
  ratios: Record<string, Ratio>;
  /** The whole case: before setup and after teardown (must match), and the peak over all runs. */
  memory: MemoryReport;
  check?: Record<string, number | string>;
  notes?: string[];
  error?: string;
}
