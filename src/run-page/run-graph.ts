import type { EngineClient } from '../client/engine-client';
import type { BackendInfo, BackendRequest, OutputSummary, RunReply } from '../engine/api';
import type { RunEvent } from '../engine/events';
import type { GraphFileInput } from '../engine/format';
import { toPlain } from './plain';

export interface RunPageOptions {
  backend?: BackendRequest;
  targets?: string[];
  /** Cancel the run once this node reports at least this progress (tests of cancel). */
  cancelAt?: { node: string; progress: number };
  /** Clear the engine's cache first, so every node runs (benchmarks). */
  fresh?: boolean;
}

/** What the page prints and hands to tests: everything plain JSON. */
export interface RunPageResult {
  name: string;
  runId: string;
  backend: string;
  reason: string;
  info: BackendInfo;
  status: RunReply['status'];
  /** performance.now() when the run was sent (for long tasks seen during it). */
  startedAt: number;
  /** Seconds the engine reports for the run, and wall-clock seconds seen by the page. */
  seconds: number;
  wallSeconds: number;
  error?: RunReply['error'];
  issues?: RunReply['issues'];
  nodes: RunReply['nodes'];
  /** Scalar outputs, as 'node.port'. */
  values: Record<string, number>;
  /** Tensor shapes, as 'node.port'. */
  shapes: Record<string, number[]>;
  /** Every output summary, typed arrays as plain arrays. */
  outputs: Record<string, unknown[]>;
  events: { total: number; byType: Record<string, number>; previews: Record<string, number>; maxPreviewsPerSecond: Record<string, number> };
  /** Per node, each change of its running phase ('compiling shaders', then null when over), in order. */
  phases: Record<string, PhaseChange[]>;
  /** Per node, the index in this run's events of its first progress above 0. */
  firstProgress: Record<string, number>;
  /** Per node, when it started and ended (ms since the run was sent) and each progress it reported when. */
  timeline: Record<string, NodeTimeline>;
  /** Milliseconds since the run was sent at which `cancelAt` sent the cancel. */
  cancelSentMs?: number;
}

export interface NodeTimeline {
  /** Its first running event (progress 0). */
  startMs: number;
  /** Its done, cached, cancelled or error event. */
  endMs?: number;
  /** [progress, ms] of every running event, in order. */
  progress: [number, number][];
}

export interface PhaseChange {
  phase: string | null;
  /** The node's progress when the phase changed. */
  progress: number;
  /** Index of the event in this run's events, and milliseconds since the run was sent. */
  event: number;
  ms: number;
}

/** The most previews one node sent within any one second. */
function peakRate(times: number[]): number {
  let peak = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= 1000) j++;
    peak = Math.max(peak, i - j + 1);
  }
  return peak;
}

function flatten(outputs: Record<string, OutputSummary[]>) {
  const values: Record<string, number> = {};
  const shapes: Record<string, number[]> = {};
  for (const [node, list] of Object.entries(outputs)) {
    for (const o of list) {
      if (typeof o.value === 'number') values[`${node}.${o.port}`] = o.value;
      if (o.shape) shapes[`${node}.${o.port}`] = o.shape;
    }
  }
  return { values, shapes };
}

/** Run one graph on the requested backend (re-initialising only when the request changes). */
export async function runGraphOnce(client: EngineClient, graph: GraphFileInput, options: RunPageOptions = {}): Promise<RunPageResult> {
  const request = options.backend ?? 'auto';
  const info = client.backend && client.backend.requested === request ? client.backend : await client.init(request);
  if (options.fresh) await client.clearCache();
  const byType: Record<string, number> = {};
  const previewTimes: Record<string, number[]> = {};
  const phases: Record<string, PhaseChange[]> = {};
  const firstProgress: Record<string, number> = {};
  const timeline: Record<string, NodeTimeline> = {};
  let total = 0;
  let cancelSentMs: number | undefined;
  const started = performance.now();
  const handle = client.run(graph, {
    targets: options.targets,
    onEvent: (e: RunEvent) => {
      total++;
      byType[e.type] = (byType[e.type] ?? 0) + 1;
      const ms = performance.now() - started;
      if (e.type !== 'running') {
        const span = timeline[e.node];
        if (span && e.type !== 'queued') span.endMs = ms;
        return;
      }
      (timeline[e.node] ??= { startMs: ms, progress: [] }).progress.push([e.progress, ms]);
      const changes = (phases[e.node] ??= []);
      const phase = e.phase ?? null;
      if (phase !== (changes.at(-1)?.phase ?? null)) changes.push({ phase, progress: e.progress, event: total - 1, ms });
      if (e.progress > 0) firstProgress[e.node] ??= total - 1;
      if (e.preview !== undefined) (previewTimes[e.node] ??= []).push(performance.now());
      const at = options.cancelAt;
      if (at && cancelSentMs === undefined && e.node === at.node && e.progress >= at.progress) {
        cancelSentMs = ms;
        void handle.cancel();
      }
    },
  });
  const reply = await handle.result;
  const wallSeconds = (performance.now() - started) / 1000;
  const previews = Object.fromEntries(Object.entries(previewTimes).map(([n, t]) => [n, t.length]));
  const maxPreviewsPerSecond = Object.fromEntries(Object.entries(previewTimes).map(([n, t]) => [n, peakRate(t)]));
  return {
    name: graph.name,
    runId: reply.runId,
    backend: reply.backend,
    reason: info.reason,
    info,
    status: reply.status,
    startedAt: started,
    seconds: reply.seconds,
    wallSeconds,
    error: reply.error,
    issues: reply.issues,
    nodes: reply.nodes,
    ...flatten(reply.outputs),
    outputs: toPlain(reply.outputs) as Record<string, unknown[]>,
    events: { total, byType, previews, maxPreviewsPerSecond },
    phases: Object.fromEntries(Object.entries(phases).filter(([, c]) => c.length > 0)),
    firstProgress,
    timeline,
    cancelSentMs,
  };
}
