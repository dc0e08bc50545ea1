/**
 * Benchmark (not a test): open a 300-node graph in the built editor and pan it, in
 * Debian Chromium through the e2e harness; prints frame times. Build first (`npm run
 * build`), then `npx tsx src/editor/bench/pan.ts [chains=60]`.
 *
 * Frames are timed with requestAnimationFrame while the mouse drags the canvas, zoomed
 * to fit (every node drawn as a plain card) and zoomed in (full nodes, the rest unmounted).
 */
import type { Page } from 'playwright-core';
import { launchChromium, startPreview } from '../../../e2e/harness';
import { bigGraph } from './big-graph';

interface PanStats {
  frames: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  over50ms: number;
  longTasks: number;
}

const FRAME_TIMER = `(() => {
  window.frames_ = []; window.stop_ = false; window.long_ = 0;
  new PerformanceObserver((list) => { window.long_ += list.getEntries().length; }).observe({ type: 'longtask' });
  let last = performance.now();
  requestAnimationFrame(function loop(t) { window.frames_.push(t - last); last = t; if (!window.stop_) requestAnimationFrame(loop); });
})()`;

async function pan(page: Page): Promise<PanStats> {
  // A string, not a function: tsx's keepNames would wrap named functions in a helper the page lacks.
  await page.evaluate(FRAME_TIMER);
  await page.mouse.move(700, 500);
  await page.mouse.down();
  for (let i = 0; i < 120; i++) await page.mouse.move(700 - i * 4, 500 - i * 2);
  await page.mouse.up();
  const { frames, long } = await page.evaluate(() => {
    const w = window as unknown as { frames_: number[]; stop_: boolean; long_: number };
    w.stop_ = true;
    return { frames: w.frames_.slice(2), long: w.long_ };
  });
  frames.sort((a, b) => a - b);
  const q = (p: number) => Math.round(frames[Math.min(frames.length - 1, Math.floor(p * frames.length))] * 10) / 10;
  return { frames: frames.length, medianMs: q(0.5), p95Ms: q(0.95), maxMs: q(1), over50ms: frames.filter((f) => f > 50).length, longTasks: long };
}

async function main(): Promise<void> {
  const chains = Number(process.argv[2] ?? 60);
  const graph = bigGraph(chains);
  const server = await startPreview();
  const session = await launchChromium();
  try {
    const page = await session.open(server.url);
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.waitForSelector('[data-testid="node-ddpm"]');
    const start = Date.now();
    // The editor takes graph JSON from a paste, as from another tab.
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
    }, JSON.stringify(graph));
    await page.keyboard.press('f');
    await page.waitForFunction((n) => document.querySelectorAll('.react-flow__node').length >= n, Math.floor(graph.nodes.length * 0.8));
    const openMs = Date.now() - start;
    await page.waitForTimeout(800);
    const fit = await pan(page);
    for (let i = 0; i < 6; i++) {
      await page.mouse.wheel(0, -300);
      await page.waitForTimeout(100);
    }
    await page.waitForTimeout(500);
    const zoomed = await pan(page);
    console.log(JSON.stringify({ nodes: graph.nodes.length + 9, openMs, panAtFit: fit, panZoomedIn: zoomed }, null, 2));
  } finally {
    await session.close();
    await server.close();
  }
}

await main();
