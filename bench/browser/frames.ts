import type { Page } from 'playwright-core';
import { median } from '../harness';

/**
 * Frame times seen by the page while something happens: requestAnimationFrame intervals, and
 * Chromium's long-animation-frame entries (frames whose work took > 50 ms), collected in the page.
 */
export interface FrameStats {
  frames: number;
  seconds: number;
  fps: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  /** Intervals longer than 2 frames at 60 Hz (33 ms): visible stutter. */
  over33ms: number;
  longAnimationFrames: number;
  longestAnimationFrameMs: number;
}

type RecorderWindow = { __benchFrames?: { deltas: number[]; loaf: number[]; stop: boolean } };

/**
 * The recorder runs in the page. It is given as source text: the TypeScript loader names inner
 * functions with a helper (__name) that does not exist in the page.
 */
const RECORDER = `(() => {
  const rec = { deltas: [], loaf: [], stop: false };
  window.__benchFrames = rec;
  let last = performance.now();
  const tick = (t) => {
    rec.deltas.push(t - last);
    last = t;
    if (!rec.stop) requestAnimationFrame(tick);
  };
  requestAnimationFrame((t) => {
    last = t;
    requestAnimationFrame(tick);
  });
  try {
    new PerformanceObserver((list) => {
      if (!rec.stop) for (const e of list.getEntries()) rec.loaf.push(e.duration);
    }).observe({ type: 'long-animation-frame', buffered: false });
  } catch (e) {
    // long-animation-frame is Chromium >= 123; without it only rAF intervals are kept.
  }
})()`;

export async function startFrameRecorder(page: Page): Promise<void> {
  await page.evaluate(RECORDER);
}

export async function stopFrameRecorder(page: Page): Promise<FrameStats> {
  const { deltas, loaf } = await page.evaluate(() => {
    const rec = (window as RecorderWindow).__benchFrames!;
    rec.stop = true;
    return { deltas: rec.deltas, loaf: rec.loaf };
  });
  const sorted = [...deltas].sort((a, b) => a - b);
  const seconds = deltas.reduce((s, d) => s + d, 0) / 1000;
  return {
    frames: deltas.length,
    seconds,
    fps: deltas.length / Math.max(seconds, 1e-9),
    medianMs: median(deltas),
    p95Ms: sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))] ?? NaN,
    maxMs: sorted.at(-1) ?? NaN,
    over33ms: deltas.filter((d) => d > 33.4).length,
    longAnimationFrames: loaf.length,
    longestAnimationFrameMs: loaf.length ? Math.max(...loaf) : 0,
  };
}
