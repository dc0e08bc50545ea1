import { getGraph } from '../../store/graph';
import { runAux } from './aux-run';
import { buildMetricsGraph, medianDistance, metricRows } from './metrics-graph';
import { refKey, type ReferenceOption } from './model';
import { useCompare } from './store';

export function metricsKey(samplers: readonly string[], reference: ReferenceOption): string {
  return `${samplers.join(',')}→${refKey(reference.ref)}`;
}

/**
 * SW and MMD² of every compared sampler's x0 against the reference, computed by the
 * engine (metric/sliced-wasserstein and metric/mmd) on the full tensors, one run for all.
 * The MMD kernel width is the median distance within the reference's preview points (2-D
 * sets); in higher dimensions each MMD node takes the median of its own pooled pair.
 */
export async function refreshMetrics(samplers: readonly string[], reference: ReferenceOption): Promise<void> {
  const key = metricsKey(samplers, reference);
  // Points beyond 2-D reach the client as their first two coordinates only: then each MMD node takes its own median.
  const bandwidth = reference.points && reference.dim === 2 ? medianDistance(reference.points) : undefined;
  useCompare.setState({ metrics: { key, status: 'running', rows: useCompare.getState().metrics?.rows ?? {}, bandwidth } });
  const done = (patch: Partial<NonNullable<ReturnType<typeof useCompare.getState>['metrics']>>) => {
    if (useCompare.getState().metrics?.key === key) useCompare.setState((s) => ({ metrics: { ...s.metrics!, ...patch } }));
  };
  try {
    const built = buildMetricsGraph(getGraph(), samplers, reference.ref, bandwidth);
    const reply = await runAux(built.graph, built.targets);
    done({ status: 'done', rows: metricRows(built.ids, reply.outputs) });
  } catch (e) {
    done({ status: 'error', rows: {}, message: e instanceof Error ? e.message : String(e) });
  }
}
