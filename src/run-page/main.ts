/**
 * run.html: runs one graph in the engine worker and prints the backend, why, the time
 * and the result. For the e2e tests and the browser benchmarks:
 * - `run.html?graph=<file in graphs/, without .json>&backend=auto|webgpu|wasm|webgl|cpu&targets=a,b&repeat=N`
 * - `window.runGraph(graphJson, { backend, targets, cancelAt, fresh })` resolves to the
 *   result; `window.dgl` holds the client, every result, and the page's long tasks.
 */
import { EngineClient } from '../client/engine-client';
import type { BackendRequest } from '../engine/api';
import type { GraphFileInput } from '../engine/format';
import { runGraphOnce, type RunPageOptions, type RunPageResult } from './run-graph';

const BACKENDS: BackendRequest[] = ['auto', 'webgpu', 'wasm', 'webgl', 'cpu'];

/** Long tasks on this page's main thread (PerformanceObserver 'longtask'). */
const longTasks: { start: number; duration: number }[] = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
} catch {
  // no long-task timing in this browser
}

const restarts: string[] = [];
const client = EngineClient.create({ onRestart: (reason) => restarts.push(reason) });
const results: RunPageResult[] = [];

const $ = (id: string) => document.getElementById(id)!;
function show(state: 'idle' | 'running' | 'done' | 'error' | 'cancelled', fields: { backend?: string; reason?: string; seconds?: string; result?: unknown } = {}) {
  $('state').textContent = state;
  $('state').dataset.state = state;
  if (fields.backend !== undefined) $('backend').textContent = fields.backend;
  if (fields.reason !== undefined) $('reason').textContent = fields.reason;
  if (fields.seconds !== undefined) $('seconds').textContent = fields.seconds;
  if (fields.result !== undefined) $('result').textContent = JSON.stringify(fields.result, null, 2);
}

async function runGraph(graph: GraphFileInput, options: RunPageOptions = {}): Promise<RunPageResult> {
  show('running');
  try {
    const result = await runGraphOnce(client, graph, options);
    results.push(result);
    const { outputs: _outputs, ...printed } = result;
    show(result.status, { backend: result.backend, reason: result.reason, seconds: result.seconds.toFixed(3), result: printed });
    return result;
  } catch (e) {
    show('error', { result: { error: (e as Error).message } });
    throw e;
  }
}

const api = {
  client,
  runGraph,
  results,
  longTasks,
  restarts,
  /** Long tasks that started at or after `since` (performance.now() time). */
  longTasksSince: (since: number) => longTasks.filter((t) => t.start >= since),
};
Object.assign(window, { runGraph, dgl: api });
export type RunPageApi = typeof api;

/** The graph files shipped with the app, loaded on demand. */
const graphFiles = import.meta.glob<GraphFileInput>('../../graphs/*.json', { import: 'default' });

async function fromQuery(): Promise<void> {
  const q = new URLSearchParams(location.search);
  const name = q.get('graph');
  if (!name) return;
  const load = graphFiles[`../../graphs/${name.replace(/\.json$/, '')}.json`];
  if (!load) {
    const known = Object.keys(graphFiles).map((k) => k.replace(/^.*\/|\.json$/g, ''));
    show('error', { result: { error: `no graph '${name}' in graphs/ (there are: ${known.join(', ')})` } });
    return;
  }
  const backend = (q.get('backend') ?? 'auto') as BackendRequest;
  if (!BACKENDS.includes(backend)) {
    show('error', { result: { error: `backend must be one of ${BACKENDS.join(', ')}` } });
    return;
  }
  const targets = q.get('targets')?.split(',').filter(Boolean);
  const repeat = Math.min(10, Math.max(1, Number(q.get('repeat') ?? 1) || 1));
  const graph = await load();
  for (let i = 0; i < repeat; i++) await runGraph(graph, { backend, targets, fresh: i > 0 });
}

void fromQuery();
