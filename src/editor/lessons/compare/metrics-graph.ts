import type { OutputSummary } from '../../../engine/api';
import type { GraphFile } from '../../../engine/format';
import { AuxGraph } from './aux-graph';
import type { PortRef } from './model';

/** The same metric settings for every row, so the column compares like with like. */
export const SW_PARAMS = { projections: 256, seed: 0 } as const;
export const MMD_PARAMS = { unbiased: true, maxPoints: 2048, seed: 0 } as const;

export interface MetricRow {
  sw?: number;
  mmd?: number;
  /** The data-to-data floors the same SW and MMD nodes computed at this row's sizes. */
  swFloor?: number;
  mmdFloor?: number;
}

/**
 * The median distance between the points of one set (the median heuristic of Gretton et
 * al. 2012, on the reference alone): one MMD kernel width for every row of the table. The
 * metric node's own default takes the median of each pooled pair, a different width per row.
 * Uses at most `max` evenly spaced points (O(max²) pairs).
 */
export function medianDistance(points: Float32Array, max = 400): number {
  const n = Math.floor(points.length / 2);
  const m = Math.min(n, max);
  const idx = Array.from({ length: m }, (_, k) => (m === 1 ? 0 : Math.round((k * (n - 1)) / (m - 1))));
  const d: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const dx = points[2 * idx[i]] - points[2 * idx[j]];
      const dy = points[2 * idx[i] + 1] - points[2 * idx[j] + 1];
      d.push(Math.hypot(dx, dy));
    }
  }
  if (!d.length) return 1;
  d.sort((a, b) => a - b);
  const mid = d.length >> 1;
  const h = d.length % 2 ? d[mid] : (d[mid - 1] + d[mid]) / 2;
  return h > 0 ? h : 1;
}

/**
 * The document's own node of `type` that compares `sample` with `reference` (inputs a and b,
 * either way round), if it has one: the compare table then shows that node's number, so the
 * table and the graph never disagree about the same comparison.
 */
export function metricNodeOf(graph: GraphFile, type: string, sample: PortRef, reference: PortRef): string | undefined {
  const from = (id: string, port: 'a' | 'b') => graph.edges.find((e) => e.target === id && e.targetPort === port);
  const same = (e: { source: string; sourcePort: string } | undefined, p: PortRef) => e !== undefined && e.source === p.node && e.sourcePort === p.port;
  return graph.nodes.find((n) => {
    if (n.type !== type) return false;
    const [a, b] = [from(n.id, 'a'), from(n.id, 'b')];
    return (same(a, sample) && same(b, reference)) || (same(a, reference) && same(b, sample));
  })?.id;
}

/**
 * The document plus, per sampler, metric/sliced-wasserstein and metric/mmd of its x0 against the reference.
 * Where the document already computes one of them for a sampler, that node is read instead
 * (one computation for the graph and the table), and the added SW nodes take its settings.
 * Without a bandwidth the MMD node takes the median heuristic of each pooled pair.
 */
export function buildMetricsGraph(graph: GraphFile, samplers: readonly string[], reference: PortRef, bandwidth?: number): { graph: GraphFile; targets: string[]; ids: Map<string, { sw: string; mmd: string }> } {
  const aux = new AuxGraph(graph);
  const ids = new Map<string, { sw: string; mmd: string }>();
  const own = new Map(samplers.map((s) => [s, metricNodeOf(graph, 'metric/sliced-wasserstein', { node: s, port: 'x0' }, reference)]));
  const model = graph.nodes.find((n) => n.id === [...own.values()].find(Boolean));
  const swParams = model ? { ...SW_PARAMS, ...model.params } : { ...SW_PARAMS };
  for (const s of samplers) {
    const existing = own.get(s);
    if (existing) aux.reuse(existing);
    const sw = existing ?? aux.add('sw', 'metric/sliced-wasserstein', { ...swParams });
    const mmd = aux.add('mmd', 'metric/mmd', bandwidth === undefined ? { ...MMD_PARAMS } : { ...MMD_PARAMS, bandwidth });
    for (const id of existing ? [mmd] : [sw, mmd]) {
      aux.connect({ node: s, port: 'x0' }, id, 'a');
      aux.connect(reference, id, 'b');
    }
    ids.set(s, { sw, mmd });
  }
  return { graph: aux.build(), targets: aux.targets, ids };
}

const valueOf = (outputs: OutputSummary[] | undefined, port = 'value') => outputs?.find((o) => o.port === port)?.value;

/** The table's rows from the run's outputs. */
export function metricRows(ids: Map<string, { sw: string; mmd: string }>, outputs: Record<string, OutputSummary[]>): Record<string, MetricRow> {
  return Object.fromEntries([...ids].map(([s, { sw, mmd }]) => [s, { sw: valueOf(outputs[sw]), mmd: valueOf(outputs[mmd]), swFloor: valueOf(outputs[sw], 'floor'), mmdFloor: valueOf(outputs[mmd], 'floor') }]));
}
