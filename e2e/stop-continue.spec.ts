/**
 * Stop and continue a U-Net training in the browser (issue 15): in the built app's engine worker
 * (run.html), a run stopped at 40% of train/denoising keeps its state in IndexedDB (the weight
 * store, under the node's cache key); the next run of the same graph continues from there (its
 * first progress is past 40%) and ends on the final loss of a run never stopped (in a fresh
 * profile, its own IndexedDB), to the bit.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GraphFileInput } from '../src/engine/format';
import type { RunPageOptions, RunPageResult } from '../src/run-page/run-graph';
import { launchChromium, openRunPage, useLabSession } from './harness';

// 120 steps: with the FMA kernels 30 steps of this small net ended before a cancel sent at 40% could land
// (the run reported 'done'; progress arrives about every 0.1 s).
const STEPS = 120;
const n = (id: string, type: string, params = {}) => ({ id, type, typeVersion: 1, params, position: { x: 0, y: 0 } });
const e = (source: string, sourcePort: string, target: string, targetPort: string) => ({ id: `${source}.${sourcePort}-${target}.${targetPort}`, source, sourcePort, target, targetPort });
const graph: GraphFileInput = {
  format: 'diffusion-graph-lab/graph', version: 1, name: 'stop and continue', seed: 0,
  nodes: [
    n('digits', 'data/mnist', { n: 200, size: 14 }), n('schedule', 'schedule/linear', { T: 100 }),
    n('net', 'model/unet', { height: 14, width: 14, levels: [8, 16], seed: 1 }),
    n('train', 'train/denoising', { steps: STEPS, batch: 8, lr: 3e-3, ema: 0.9, warmup: 2, seed: 2 }),
    n('final', 'metric/series-at', { x: STEPS }),
  ],
  edges: [e('net', 'model', 'train', 'model'), e('digits', 'dist', 'train', 'data'), e('schedule', 'schedule', 'train', 'schedule'), e('train', 'loss', 'final', 'series')],
};

type PageWindow = { runGraph(graph: GraphFileInput, options?: RunPageOptions): Promise<RunPageResult> };
const run = (page: Page, options: RunPageOptions = {}) => page.evaluate(([g, o]) => (window as unknown as PageWindow).runGraph(g, { backend: 'wasm', fresh: true, ...o }), [graph, options] as const);

const lab = useLabSession({ beforeAll, afterAll, afterEach });

describe('train/denoising in the browser: stop and continue', () => {
  it('a stopped U-Net training continues from IndexedDB and ends on the uninterrupted run’s loss', { timeout: 600_000 }, async () => {
    const whole = await launchChromium();
    let uninterrupted: RunPageResult;
    try {
      uninterrupted = await run(await openRunPage(whole, lab.server));
    } finally {
      await whole.close();
    }
    expect(uninterrupted.status).toBe('done');
    const finalLoss = uninterrupted.values['final.value'];
    expect(finalLoss).toBeGreaterThan(0);

    const session = await launchChromium();
    try {
      const page = await openRunPage(session, lab.server);
      const stopped = await run(page, { cancelAt: { node: 'train', progress: 0.4 } });
      expect(stopped.status).toBe('cancelled');
      expect(stopped.nodes.train.status).toBe('cancelled');
      const stoppedAt = Math.max(...stopped.timeline.train.progress.map(([p]) => p));
      expect(stoppedAt).toBeGreaterThanOrEqual(0.4);

      // fresh: the worker's memory cache is cleared; IndexedDB keeps the stopped state.
      const continued = await run(page);
      expect(continued.status).toBe('done');
      expect(continued.nodes.train.status).toBe('done');
      const first = continued.timeline.train.progress.find(([p]) => p > 0)![0];
      expect(first).toBeGreaterThanOrEqual(0.4);
      expect(continued.values['final.value']).toBe(finalLoss);
    } finally {
      await session.close();
    }
  });
});
