import type { Page } from 'playwright-core';
import { launchChromium, type AppServer } from '../../e2e/harness';
import { bigGraph } from './big-graph';
import { startFrameRecorder, stopFrameRecorder, type FrameStats } from './frames';

/**
 * The editor (index.html of the built app) in a fresh profile: the time until the default
 * graph is on screen, then a 300-node graph pasted in (the clipboard path a user takes), the
 * view fitted to everything, and the pane dragged back and forth while frame times are kept.
 */
export interface EditorStats {
  /** performance.now() when the default graph's sampler node is in the DOM: from navigation start. */
  timeToInteractiveMs: number;
  domContentLoadedMs: number;
  loadMs: number;
  firstContentfulPaintMs?: number;
  /** From the paste event to the second frame after it (the 300 nodes added and rendered). */
  pasteMs: number;
  graphNodes: number;
  renderedNodes: number;
  pan: FrameStats;
}

const SAMPLER_NODE = '[data-testid="node-ddpm"]';

/** A point over the empty pane (so a drag pans instead of moving a node). */
async function emptyPanePoint(page: Page): Promise<{ x: number; y: number }> {
  const p = await page.evaluate(() => {
    const pane = document.querySelector('.react-flow__pane')?.getBoundingClientRect();
    if (!pane) return null;
    for (let fy = 0.5; fy < 0.95; fy += 0.05) {
      for (let fx = 0.5; fx < 0.95; fx += 0.05) {
        const x = pane.left + fx * pane.width;
        const y = pane.top + fy * pane.height;
        if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
      }
    }
    return null;
  });
  if (!p) throw new Error('found no empty point on the editor pane to drag');
  return p;
}

export async function benchEditor(server: AppServer, blocks: number): Promise<EditorStats> {
  const session = await launchChromium();
  try {
    const page = await session.open(server.url);
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.waitForSelector(SAMPLER_NODE, { timeout: 60_000 });
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return { now: performance.now(), dcl: n?.domContentLoadedEventEnd ?? NaN, load: n?.loadEventEnd ?? NaN, fcp: fcp?.startTime };
    });

    const graph = bigGraph(blocks);
    const before = await page.locator('.react-flow__node').count();
    // From the paste event to the second animation frame after it: the handler (parse, validate,
    // add 300 nodes in one undo step) and React's render of the result.
    const pasteMs = await page.evaluate(async (text) => {
      const t = performance.now();
      const data = new DataTransfer();
      data.setData('text/plain', text);
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return performance.now() - t;
    }, JSON.stringify(graph));
    await page.keyboard.press('f');
    await page.waitForTimeout(600);
    const rendered = await page.locator('.react-flow__node').count();
    if (rendered <= before) throw new Error(`the pasted graph did not appear (${rendered} nodes rendered, ${before} before)`);

    const start = await emptyPanePoint(page);
    await startFrameRecorder(page);
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x - 500, start.y - 300, { steps: 90 });
    await page.mouse.move(start.x, start.y, { steps: 90 });
    await page.mouse.up();
    await page.waitForTimeout(100);
    const pan = await stopFrameRecorder(page);
    return {
      timeToInteractiveMs: nav.now,
      domContentLoadedMs: nav.dcl,
      loadMs: nav.load,
      firstContentfulPaintMs: nav.fcp,
      pasteMs,
      graphNodes: graph.nodes.length,
      renderedNodes: rendered,
      pan,
    };
  } finally {
    await session.close();
  }
}
