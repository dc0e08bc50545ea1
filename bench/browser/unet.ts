import type { Page } from 'playwright-core';
import type { BackendRequest, MemoryInfo } from '../../src/engine/api';
import type { GraphFile } from '../../src/engine/format';
import type { RunPageOptions, RunPageResult } from '../../src/run-page/run-graph';
import type { EngineClient } from '../../src/client/engine-client';
import type { AppServer } from '../../e2e/harness';
import { forEachPlan } from './sessions';
import { UNET_SAMPLER, UNET_TRAIN, unetDdimGraph, unetTrainGraph } from './unet-graphs';

/**
 * The U-Net cases of issue 15 in the built app's engine worker (run.html): a training step of
 * model/unet's default shape and DDIM sampling of the shipped U-Net, per backend. Each plan runs
 * twice from a cleared cache (the first run includes start-up: the WASM kernels' first calls,
 * WebGL's and WebGPU's shader compilation); the figure is the second run's node seconds per
 * step. Around the second run the worker's tf.memory() is read with its cache cleared: a
 * difference is a leak. The first read also resets the worker's peak tracker (switched on by
 * that request), so the second read's `peak` is the high-water mark of the measured run alone,
 * absolute as in the Node bench's memory table. Slow backends run smaller sizes (stated per row).
 */
export interface UnetPlan {
  backend: BackendRequest;
  case: 'train' | 'ddim';
  /** Training batch, or digits sampled. */
  batch: number;
  steps: number;
  webgpu?: boolean;
}

export interface BrowserUnetRun extends UnetPlan {
  ran: string;
  fallbackAdapter: boolean;
  /** Node seconds: first run (with start-up) and second (steady). */
  firstSeconds: number;
  seconds: number;
  secondsPerStep: number;
  status: string;
  /**
   * Worker tensors and bytes with its cache cleared, before the measured run and after it;
   * memoryAfter.peak is that run's high-water mark (tf.memory() terms).
   */
  memoryBefore?: MemoryInfo;
  memoryAfter?: MemoryInfo;
  error?: string;
}

type PageWindow = { runGraph(graph: GraphFile, options?: RunPageOptions): Promise<RunPageResult>; dgl: { client: EngineClient } };

const clearedMemory = (page: Page, resetPeak: boolean) =>
  page.evaluate(async (reset) => {
    const { client } = (window as unknown as PageWindow).dgl;
    await client.clearCache();
    return client.memory({ resetPeak: reset });
  }, resetPeak);

/** The measured run's peak, as the report prints it: "peak 123.4 MiB, 567 tensors" (or "peak –"). */
export function peakLabel(r: Pick<BrowserUnetRun, 'memoryAfter'>): string {
  const peak = r.memoryAfter?.peak;
  return peak ? `peak ${(peak.numBytes / 2 ** 20).toFixed(1)} MiB, ${peak.numTensors} tensors` : 'peak –';
}

/** Training seeds: each run trains a new net (a seed used before in the profile restores from IndexedDB). */
let trainSeed = 100;

async function runPlan(page: Page, plan: UnetPlan): Promise<BrowserUnetRun> {
  const graph = () => (plan.case === 'train' ? unetTrainGraph(plan.batch, plan.steps, trainSeed++) : unetDdimGraph(plan.batch, plan.steps));
  const target = plan.case === 'train' ? UNET_TRAIN : UNET_SAMPLER;
  const run = () => page.evaluate(([g, b, t]) => (window as unknown as PageWindow).runGraph(g, { backend: b, fresh: true, targets: [t] }), [graph(), plan.backend, target] as const);
  const first = await run();
  const memoryBefore = first.status === 'done' ? await clearedMemory(page, true) : undefined;
  const r = first.status === 'done' ? await run() : first;
  const memoryAfter = memoryBefore ? await clearedMemory(page, false) : undefined;
  const seconds = r.nodes[target]?.seconds ?? NaN;
  return {
    ...plan,
    ran: r.backend,
    fallbackAdapter: !!r.info.fallbackAdapter,
    firstSeconds: first.nodes[target]?.seconds ?? NaN,
    seconds,
    secondsPerStep: seconds / plan.steps,
    status: r.status,
    memoryBefore,
    memoryAfter,
    error: r.error?.message,
  };
}

export async function benchBrowserUnet(server: AppServer, plans: UnetPlan[], log: (line: string) => void): Promise<BrowserUnetRun[]> {
  const out: BrowserUnetRun[] = [];
  await forEachPlan(server, plans, async (page, plan) => {
    const what = `${plan.case} ${plan.case === 'train' ? `batch ${plan.batch}` : `${plan.batch} digits`}, ${plan.steps} steps on ${plan.backend}`;
    try {
      const r = await runPlan(page, plan);
      out.push(r);
      const leak = r.memoryBefore && r.memoryAfter ? r.memoryAfter.numTensors - r.memoryBefore.numTensors : NaN;
      log(`    ${what} → ${r.ran}${r.fallbackAdapter ? ' (software adapter)' : ''}: ${r.secondsPerStep.toFixed(3)} s/step (first run ${r.firstSeconds.toFixed(1)} s), ${r.status}, tensors left ${leak}, ${peakLabel(r)}${r.error ? `; ${r.error}` : ''}`);
    } catch (e) {
      out.push({ ...plan, ran: '', fallbackAdapter: false, firstSeconds: NaN, seconds: NaN, secondsPerStep: NaN, status: 'error', error: (e as Error).message });
      log(`    ${what}: failed: ${(e as Error).message}`);
    }
  });
  return out;
}
