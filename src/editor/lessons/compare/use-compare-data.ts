import { useMemo } from 'react';
import type { Bounds } from '../../draw/frame';
import { PLOT } from '../../draw/frame';
import { useGraph } from '../../store/graph';
import { useRun } from '../../store/run';
import { sharedBounds } from './bounds';
import type { FieldGrid, FieldRequest } from './field-graph';
import { compareEntries, referenceOptions, refKey, type CompareEntry, type ReferenceOption } from './model';
import { scrubFrame, timeAt, timeAxis, type ScrubFrame, type TimeAxis } from './scrub';
import { useCompare } from './store';

/** Grid of the score field: 15 × 15 arrows per panel. */
export const FIELD_N = 15;

export interface ComparedView {
  entry: CompareEntry;
  color: string;
  /** Trajectory mode: where the view is at the scrubbed time (absent when it has no trajectory on this axis). */
  frame?: ScrubFrame;
  /** Why there is no frame. */
  note?: string;
  field?: FieldRequest;
}

export interface CompareData {
  /** The mode shown: trajectories only when a compared sampler has one (else its samples). */
  mode: 'samples' | 'trajectories';
  entries: CompareEntry[];
  views: ComparedView[];
  references: ReferenceOption[];
  reference?: ReferenceOption;
  labels: string[];
  axis?: TimeAxis;
  t?: number;
  bounds: Bounds;
  grid?: FieldGrid;
}

/** Everything the compare view shows, from the document, the last run and the view's settings. */
export function useCompareData(): CompareData {
  const graph = useGraph((s) => s.graph);
  const outputs = useRun((s) => s.outputs);
  const runs = useRun((s) => s.nodes);
  const { open, hidden, reference: refChoice, mode, axis: axisChoice, u, scrub, bounds: boundsMode } = useCompare();
  // Nothing is derived while the view is closed (the document changes on every drag).
  const entries = useMemo(() => (open ? compareEntries(graph, outputs, runs) : []), [open, graph, outputs, runs]);
  const references = useMemo(() => (open ? referenceOptions(graph, outputs) : []), [open, graph, outputs]);
  return useMemo(() => {
    const reference = references.find((r) => refKey(r.ref) === refChoice) ?? references[0];
    const colored = entries.map((entry, i) => ({ entry, color: PLOT.palette[i % PLOT.palette.length] }));
    const compared = colored.filter((v) => !hidden.includes(v.entry.id));
    const samplesBounds = () => sharedBounds([...compared.map((v) => v.entry.samples), reference?.points]);
    const labels = [...new Set(compared.flatMap((v) => (v.entry.trajectory ? [v.entry.trajectory.timeLabel] : [])))];
    // Trajectory panels of samplers without a trajectory would be empty: with none at all, show samples.
    if (mode === 'samples' || !labels.length) return { mode: 'samples', entries, views: compared, references, reference, labels, bounds: samplesBounds() };

    // The most common time label unless one was chosen.
    const count = (l: string) => compared.filter((v) => v.entry.trajectory?.timeLabel === l).length;
    const label = axisChoice && labels.includes(axisChoice) ? axisChoice : [...labels].sort((a, b) => count(b) - count(a))[0];
    const onAxis = compared.filter((v) => v.entry.trajectory?.timeLabel === label);
    const axis = label ? timeAxis(label, onAxis.map((v) => v.entry.trajectory!)) : undefined;
    const t = axis ? timeAt(axis, u) : undefined;
    const views: ComparedView[] = compared.map((v) => {
      const p = v.entry.trajectory;
      if (!p) return { ...v, note: v.entry.trajectoryView ? 'its trajectory view has not run' : 'no trajectory view is connected to its trajectory' };
      if (!axis || t === undefined || p.timeLabel !== label) return { ...v, note: `its time runs in ${p.timeLabel}, not ${label}` };
      const frame = scrubFrame(p, t, scrub, axis.log);
      const { predictor, schedule } = v.entry;
      return { ...v, frame, field: predictor && schedule ? { predictor, schedule, label: p.timeLabel, t: frame.t } : undefined };
    });
    const bounds =
      boundsMode === 'follow'
        ? sharedBounds(views.map((v) => v.frame?.points))
        : sharedBounds([...compared.map((v) => v.entry.samples), ...compared.map((v) => (v.entry.trajectory ? lastFrame(v.entry.trajectory) : undefined))]);
    return { mode: 'trajectories', entries, views, references, reference, labels, axis, t, bounds, grid: { bounds, nx: FIELD_N, ny: FIELD_N } };
  }, [entries, references, refChoice, hidden, mode, axisChoice, u, scrub, boundsMode]);
}

function lastFrame(p: { frames: Float32Array; k: number; n: number }): Float32Array {
  return p.frames.subarray(2 * p.n * (p.k - 1));
}
