import type { OutputSummary } from '../../../engine/api';
import type { GraphFile } from '../../../engine/format';
import type { Bounds } from '../../draw/frame';
import { AuxGraph } from './aux-graph';
import { refKey, type PortRef } from './model';

/** Where the score field is drawn: an nx × ny grid over the shared bounds. */
export interface FieldGrid {
  bounds: Bounds;
  nx: number;
  ny: number;
}

/** One score field: a sampler's predictor, read through its schedule, at one time. */
export interface FieldRequest {
  predictor: PortRef;
  schedule: PortRef;
  /** The time label of its trajectory: 't' evaluates at t, 'σ' at the noise level σ. */
  label: string;
  t: number;
}

/**
 * The field is evaluated no closer to the data than this t: at t = 0 the path has s = 0,
 * where a noise or x̂_0 predictor read as a score divides by zero (the samplers stop at
 * tEnd = 1e-3 for the same reason).
 */
export const FIELD_T_MIN = 1e-3;

export function fieldTime(r: Pick<FieldRequest, 'label' | 't'>): number {
  return r.label === 'σ' ? Math.max(r.t, 1e-6) : Math.min(1, Math.max(FIELD_T_MIN, r.t));
}

export function fieldKey(r: FieldRequest, grid: FieldGrid): string {
  return [refKey(r.predictor), refKey(r.schedule), r.label, fieldTime(r).toPrecision(6), grid.nx, grid.ny, ...grid.bounds.map((b) => b.toPrecision(6))].join('|');
}

/**
 * The document plus one data/grid and one score/evaluate per distinct request, each fed
 * by the request's own predictor and schedule nodes: the field comes from the engine.
 */
export function buildFieldGraph(graph: GraphFile, requests: readonly FieldRequest[], grid: FieldGrid): { graph: GraphFile; targets: string[]; nodeOf: Map<string, string> } {
  const aux = new AuxGraph(graph);
  const [xMin, yMin, xMax, yMax] = grid.bounds;
  const gridId = aux.add('grid', 'data/grid', { xMin, xMax, yMin, yMax, nx: grid.nx, ny: grid.ny });
  const nodeOf = new Map<string, string>();
  for (const r of requests) {
    const key = fieldKey(r, grid);
    if (nodeOf.has(key)) continue;
    const time = fieldTime(r);
    const id = aux.add('field', 'score/evaluate', r.label === 'σ' ? { sigma: time, as: 'score' } : { t: time, as: 'score' });
    aux.connect(r.predictor, id, 'predictor');
    aux.connect(r.schedule, id, 'schedule');
    aux.connect({ node: gridId, port: 'x' }, id, 'x');
    nodeOf.set(key, id);
  }
  return { graph: aux.build(), targets: [...nodeOf.values()], nodeOf };
}

/** The grid's score vectors (interleaved, row-major like data/grid) from an evaluate node's outputs. */
export function fieldValues(outputs: OutputSummary[] | undefined, grid: FieldGrid): Float32Array | undefined {
  const y = outputs?.find((o) => o.port === 'y')?.preview;
  return y?.kind === 'scatter' && y.points.length === 2 * grid.nx * grid.ny ? y.points : undefined;
}
