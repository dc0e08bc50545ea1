import type { TrajectoryPreview } from '../../../engine/preview';

/**
 * Scrubbing trajectories to one time. Samplers snapshot at their own times (DDPM every
 * 1/19 of its T steps, RK45 where its adaptive steps land), so "the same t" is either the
 * snapshot reached first at or after t in sampling order (`snap`), or the straight line
 * between the two snapshots around t (`interpolate`), which puts every view at exactly t.
 */
export type ScrubMode = 'interpolate' | 'snap';

/** The common time axis of several trajectories with the same time label. */
export interface TimeAxis {
  label: string;
  /** Where sampling starts and ends on this axis (start = noisiest: t = 1, σ_max; or step 0). */
  start: number;
  end: number;
  /** σ axes are scrubbed in log σ (their levels are geometric). */
  log: boolean;
  /** True when the trajectories share no time range: then the union is used and views clamp. */
  disjoint: boolean;
}

const coord = (v: number, log: boolean) => (log ? Math.log(Math.max(v, 1e-12)) : v);

/**
 * The range every trajectory covers (the intersection of their [first, last] times), so
 * that anywhere on the slider every view can be at exactly t. Sampling direction comes
 * from the first trajectory (t and σ fall, steps rise).
 */
export function timeAxis(label: string, trajectories: readonly TrajectoryPreview[]): TimeAxis | undefined {
  const spans = trajectories.filter((p) => p.k > 0).map((p) => [p.times[0], p.times[p.k - 1]] as const);
  if (!spans.length) return undefined;
  const falling = spans[0][0] >= spans[0][1];
  const lo = spans.map(([a, b]) => Math.min(a, b));
  const hi = spans.map(([a, b]) => Math.max(a, b));
  let [from, to] = [Math.max(...lo), Math.min(...hi)];
  const disjoint = from > to;
  if (disjoint) [from, to] = [Math.min(...lo), Math.max(...hi)];
  return { label, start: falling ? to : from, end: falling ? from : to, log: label === 'σ' && from > 0, disjoint };
}

/** Slider position u ∈ [0, 1] (0 = start of sampling) → time on the axis, and back. */
export function timeAt(axis: TimeAxis, u: number): number {
  const [a, b] = [coord(axis.start, axis.log), coord(axis.end, axis.log)];
  const v = a + Math.min(1, Math.max(0, u)) * (b - a);
  return axis.log ? Math.exp(v) : v;
}

export function positionOf(axis: TimeAxis, t: number): number {
  const [a, b] = [coord(axis.start, axis.log), coord(axis.end, axis.log)];
  return b === a ? 1 : Math.min(1, Math.max(0, (coord(t, axis.log) - a) / (b - a)));
}

/** Where a view is at the scrubbed time: its points, its own time, and the snapshots used. */
export interface ScrubFrame {
  points: Float32Array;
  /** The time these points are at: t itself, or a snapshot's time (snap mode, or t out of range). */
  t: number;
  /** Snapshots used (equal when one snapshot is shown) and the weight of the later one. */
  from: number;
  to: number;
  weight: number;
}

function frame(p: TrajectoryPreview, k: number): Float32Array {
  return p.frames.subarray(2 * p.n * k, 2 * p.n * (k + 1));
}

/** The points of trajectory `p` at time `t` (log-interpolated on σ axes). */
export function scrubFrame(p: TrajectoryPreview, t: number, mode: ScrubMode, log = false): ScrubFrame {
  const last = p.k - 1;
  const falling = p.times[0] >= p.times[last];
  // s(x) grows along sampling order, whichever way the times run.
  const s = (x: number) => (falling ? -coord(x, log) : coord(x, log));
  const target = s(t);
  const single = (k: number): ScrubFrame => ({ points: frame(p, k), t: p.times[k], from: k, to: k, weight: 0 });
  const eps = 1e-9 * (Math.abs(target) + 1);
  if (target <= s(p.times[0]) + eps) return single(0);
  if (target >= s(p.times[last]) - eps) return single(last);
  // The first snapshot at or after t in sampling order.
  let k = 1;
  while (k < last && s(p.times[k]) < target - eps) k++;
  if (mode === 'snap' || Math.abs(s(p.times[k]) - target) <= eps) return single(k);
  const [a, b] = [s(p.times[k - 1]), s(p.times[k])];
  const w = (target - a) / (b - a);
  const A = frame(p, k - 1);
  const B = frame(p, k);
  const points = new Float32Array(A.length);
  for (let i = 0; i < A.length; i++) points[i] = A[i] + w * (B[i] - A[i]);
  return { points, t, from: k - 1, to: k, weight: w };
}
