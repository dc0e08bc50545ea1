import { launchChromium, type AppServer } from '../../e2e/harness';

/**
 * Cold load of the editor: a fresh Chromium profile each time (nothing cached), from
 * navigation to a usable canvas — the default graph's sampler node drawn and the palette
 * listing node types — and when the page started the engine worker (`new Worker`).
 */
export interface ColdLoadStats {
  runs: number;
  /** Medians over the runs, in ms from navigation start. */
  canvasMs: number;
  workerStartMs: number;
  all: { canvasMs: number; workerStartMs: number }[];
}

const CANVAS = '[data-testid="node-ddpm"]';
const PALETTE = '[data-testid^="palette-item-"]';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchColdLoad(server: AppServer, runs: number): Promise<ColdLoadStats> {
  const all: ColdLoadStats['all'] = [];
  for (let i = 0; i < runs; i++) {
    const session = await launchChromium();
    try {
      // Note when the page constructs its first Worker (the engine), before any page script runs.
      await session.context.addInitScript(() => {
        const Native = window.Worker;
        window.Worker = class extends Native {
          constructor(url: string | URL, options?: WorkerOptions) {
            (window as unknown as { __workerStart?: number }).__workerStart ??= performance.now();
            super(url, options);
          }
        };
      });
      const page = await session.open(server.url);
      await page.waitForSelector(CANVAS, { timeout: 60_000 });
      await page.waitForSelector(PALETTE, { timeout: 60_000, state: 'attached' });
      const t = await page.evaluate(() => ({ now: performance.now(), worker: (window as unknown as { __workerStart?: number }).__workerStart ?? NaN }));
      all.push({ canvasMs: t.now, workerStartMs: t.worker });
    } finally {
      await session.close();
    }
  }
  return { runs, canvasMs: median(all.map((r) => r.canvasMs)), workerStartMs: median(all.map((r) => r.workerStartMs)), all };
}
