import type { Page } from 'playwright-core';
import type { BackendInfo, BackendRequest } from '../../src/engine/api';
import type { GraphFileInput } from '../../src/engine/format';
import type { RunPageOptions, RunPageResult } from '../../src/run-page/run-graph';
import type { AppServer } from '../../e2e/harness';
import { ddpmGraph, SAMPLER } from '../graphs';
import { forEachPlan } from './sessions';

/**
 * The DDPM case of the Node benchmarks (exact 8-Gaussians score, n points) in the built app's
 * engine worker (run.html), once per backend Chromium offers here. Each backend runs the graph
 * twice from a cleared cache: the first run includes start-up (WebGPU compiles its shaders
 * then), the second is the steady state; times are the sampler node's, per step. Slow backends
 * run fewer steps. The WebGPU adapter of headless Chromium without a GPU is SwiftShader, a
 * software rasteriser: its figures say the path works, not how fast a GPU is.
 */
export interface BrowserBackendRun {
  requested: BackendRequest;
  backend: string;
  reason: string;
  info: BackendInfo;
  steps: number;
  n: number;
  /** Sampler node seconds: first run (with start-up) and second (steady). */
  firstSeconds: number;
  seconds: number;
  msPerStep: number;
  status: string;
  /** Main-thread long tasks (> 50 ms) during the steady run. */
  longTasks: number;
  longestTaskMs: number;
  error?: string;
}

type PageWindow = {
  runGraph(graph: GraphFileInput, options?: RunPageOptions): Promise<RunPageResult>;
  dgl: { longTasksSince(t: number): { start: number; duration: number }[] };
};

async function runOn(page: Page, graph: GraphFileInput, backend: BackendRequest): Promise<{ r: RunPageResult; longTasks: { duration: number }[] }> {
  const r = await page.evaluate(([g, b]) => (window as unknown as PageWindow).runGraph(g, { backend: b, fresh: true, targets: ['sampler'] }), [graph, backend] as const);
  const longTasks = await page.evaluate((t) => (window as unknown as PageWindow).dgl.longTasksSince(t), r.startedAt);
  return { r, longTasks };
}

export interface BackendPlan {
  backend: BackendRequest;
  steps: number;
  webgpu?: boolean;
}

export async function benchBrowserBackends(server: AppServer, n: number, plans: BackendPlan[], log: (line: string) => void): Promise<BrowserBackendRun[]> {
  const out: BrowserBackendRun[] = [];
  await forEachPlan(server, plans, async (page, plan) => {
    const graph = ddpmGraph(n, plan.steps);
    try {
      const first = await runOn(page, graph, plan.backend);
      const { r, longTasks } = await runOn(page, graph, plan.backend);
      const seconds = r.nodes[SAMPLER]?.seconds ?? NaN;
      const run: BrowserBackendRun = {
        requested: plan.backend,
        backend: r.backend,
        reason: r.reason,
        info: r.info,
        steps: plan.steps,
        n,
        firstSeconds: first.r.nodes[SAMPLER]?.seconds ?? NaN,
        seconds,
        msPerStep: (1000 * seconds) / plan.steps,
        status: r.status,
        longTasks: longTasks.length,
        longestTaskMs: Math.max(0, ...longTasks.map((t) => t.duration)),
        error: r.error?.message,
      };
      out.push(run);
      log(`    ${plan.backend} → ${r.backend}${r.info.fallbackAdapter ? ' (software adapter)' : ''}: ${run.msPerStep.toFixed(2)} ms/step over ${plan.steps} steps (first run ${run.firstSeconds.toFixed(2)} s), ${run.longTasks} long tasks`);
    } catch (e) {
      out.push({ requested: plan.backend, backend: '', reason: '', info: { backend: '', requested: plan.backend, reason: '' }, steps: plan.steps, n, firstSeconds: NaN, seconds: NaN, msPerStep: NaN, status: 'error', longTasks: 0, longestTaskMs: 0, error: (e as Error).message });
      log(`    ${plan.backend}: failed: ${(e as Error).message}`);
    }
  });
  return out;
}
