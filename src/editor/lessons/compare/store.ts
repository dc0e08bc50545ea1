import { create } from 'zustand';
import type { MetricRow } from './metrics-graph';
import type { ScrubMode } from './scrub';

export interface FieldResult {
  status: 'running' | 'done' | 'error';
  /** Score vectors on the grid (interleaved, row-major). */
  values?: Float32Array;
  message?: string;
}

export interface MetricsResult {
  /** What the numbers were computed for (samplers, reference, run). */
  key: string;
  status: 'running' | 'done' | 'error';
  rows: Record<string, MetricRow>;
  bandwidth?: number;
  message?: string;
}

/** The compare view: which samplers, against which reference, and where the scrubber is. */
export interface CompareState {
  open: boolean;
  mode: 'samples' | 'trajectories';
  /** Samplers the user left out (new samplers are compared by default). */
  hidden: readonly string[];
  /** refKey of the reference set; null: the first data draw. */
  reference: string | null;
  /** The time label scrubbed when trajectories run on different axes (t, σ, step). */
  axis: string | null;
  /** Slider position: 0 = start of sampling (noise), 1 = end (samples). */
  u: number;
  scrub: ScrubMode;
  field: boolean;
  /** Axes fitted to the points at this t, or fixed to the samples. */
  bounds: 'follow' | 'fixed';
  fields: Readonly<Record<string, FieldResult>>;
  metrics: MetricsResult | null;
  /** Seconds of each node's last real run (a cached node keeps the time it took then). */
  seconds: Readonly<Record<string, number>>;
}

export const useCompare = create<CompareState>()(() => ({
  open: false,
  mode: 'samples',
  hidden: [],
  reference: null,
  axis: null,
  u: 0.5,
  scrub: 'interpolate',
  field: true,
  bounds: 'fixed',
  fields: {},
  metrics: null,
  seconds: {},
}));

export function toggleCompare(): void {
  useCompare.setState((s) => ({ open: !s.open }));
}

export function toggleHidden(id: string): void {
  useCompare.setState((s) => ({ hidden: s.hidden.includes(id) ? s.hidden.filter((h) => h !== id) : [...s.hidden, id] }));
}
