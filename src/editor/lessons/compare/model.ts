import type { OutputSummary } from '../../../engine/api';
import type { GraphFile } from '../../../engine/format';
import { portSpec } from '../../../engine/ports';
import type { TrajectoryPreview } from '../../../engine/preview';
import { nodeDef } from '../../registry';
import type { NodeRun } from '../../store/run';

/** An output port of a node. */
export interface PortRef {
  node: string;
  port: string;
}

export const refKey = (r: PortRef): string => `${r.node}.${r.port}`;

/** What the compare view knows of one sampler after a run. */
export interface CompareEntry {
  id: string;
  label: string;
  /** Its x0 preview points (interleaved x, y; the engine's evenly strided subset). */
  samples?: Float32Array;
  /** Shape of x0, [n, d]. */
  shape?: number[];
  nfe?: number;
  /** The view/trajectory node fed by its trajectory, and that view's latest preview. */
  trajectoryView?: string;
  trajectory?: TrajectoryPreview;
  /** Where its inputs come from: the score field at t uses the same predictor and schedule. */
  predictor?: PortRef;
  schedule?: PortRef;
  xT?: PortRef;
  /** False when the sampler (or its trajectory view) was edited since it last ran. */
  current: boolean;
}

/** A point set a sampler can be compared with: any 2-D tensor output [n, d ≥ 2] of the last run. */
export interface ReferenceOption {
  ref: PortRef;
  label: string;
  category: string;
  /** Dimension d of the set ([n, d]); the points are its first two coordinates. */
  dim: number;
  points?: Float32Array;
}

export function nodeLabel(graph: GraphFile, id: string): string {
  const n = graph.nodes.find((x) => x.id === id);
  return n?.label ?? nodeDef(n?.type ?? '')?.title ?? id;
}

function sourceOf(graph: GraphFile, node: string, port: string): PortRef | undefined {
  const e = graph.edges.find((x) => x.target === node && x.targetPort === port);
  return e && { node: e.source, port: e.sourcePort };
}

const isCurrent = (run: NodeRun | undefined) => run?.status === 'done' || run?.status === 'cached';

/** Samplers: nodes with a tensor output `x0` (every sampler/*, and loops that sample). */
export function isSampler(type: string): boolean {
  const decl = nodeDef(type)?.outputs.x0;
  return !!decl && portSpec(decl).type === 'tensor';
}

/** The samplers of the graph that produced samples in the latest runs, in graph order. */
export function compareEntries(graph: GraphFile, outputs: Readonly<Record<string, OutputSummary[]>>, runs: Readonly<Record<string, NodeRun>>): CompareEntry[] {
  return graph.nodes
    .filter((n) => isSampler(n.type) && outputs[n.id]?.some((o) => o.port === 'x0'))
    .map((n) => {
      const out = outputs[n.id];
      const x0 = out.find((o) => o.port === 'x0');
      const view = graph.edges.find((e) => e.source === n.id && e.sourcePort === 'trajectory' && graph.nodes.find((v) => v.id === e.target)?.type === 'view/trajectory')?.target;
      const preview = view ? outputs[view]?.find((o) => o.preview?.kind === 'trajectory')?.preview : undefined;
      const samples = x0?.preview?.kind === 'scatter' ? x0.preview.points : undefined;
      return {
        id: n.id,
        label: nodeLabel(graph, n.id),
        samples,
        shape: x0?.shape,
        nfe: out.find((o) => o.port === 'nfe')?.value,
        trajectoryView: view,
        trajectory: preview?.kind === 'trajectory' ? preview : undefined,
        predictor: sourceOf(graph, n.id, 'predictor'),
        schedule: sourceOf(graph, n.id, 'schedule'),
        xT: sourceOf(graph, n.id, 'xT'),
        current: isCurrent(runs[n.id]) && (!view || isCurrent(runs[view])),
      };
    });
}

/** Every 2-D point set of the last run (data draws first, then the rest in graph order). */
export function referenceOptions(graph: GraphFile, outputs: Readonly<Record<string, OutputSummary[]>>): ReferenceOption[] {
  const options = graph.nodes.flatMap((n) =>
    (outputs[n.id] ?? [])
      .filter((o) => o.type === 'tensor' && o.shape?.length === 2 && o.shape[1] >= 2)
      .map((o) => ({
        ref: { node: n.id, port: o.port },
        label: `${nodeLabel(graph, n.id)}${o.port === 'x' || o.port === 'x0' ? '' : ` · ${o.port}`}`,
        category: nodeDef(n.type)?.category ?? '',
        dim: o.shape![1],
        points: o.preview?.kind === 'scatter' ? o.preview.points : undefined,
      })),
  );
  return [...options.filter((o) => o.category === 'data'), ...options.filter((o) => o.category !== 'data')];
}
