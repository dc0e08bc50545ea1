import { launchChromium, type AppServer } from '../../e2e/harness';

/**
 * Cold load of the editor: a fresh Chromium profile each time (nothing cached), from
 * navigation to a usable canvas — the default graph's sampler node drawn and the palette
 * listing node types — when the page started the engine worker (`new Worker`), and when
 * the engine was ready to run (the toolbar names its backend).
 * The times are taken in the page (a MutationObserver installed before any page script),
 * not when Playwright's polling notices: on the loaded shared machine that polling alone
 * added 1–5 s. With several builds (`--before DIR`), their runs alternate, so each pair
 * of runs sees about the same machine load.
 */
export interface ColdLoadRun {
  /** ms from navigation start to the canvas being usable. */
  canvasMs: number;
  workerStartMs: number;
  engineReadyMs: number;
  /** The machine's one-minute load average when the run started (os.loadavg). */
  load: number;
}

export interface ColdLoadStats {
  label: string;
  runs: number;
  /** Medians over the runs, in ms from navigation start. */
  canvasMs: number;
  workerStartMs: number;
  engineReadyMs: number;
  all: ColdLoadRun[];
}

const CANVAS = '[data-testid="node-ddpm"]';
const PALETTE = '[data-testid^="palette-item-"]';
const ENGINE_READY = '[data-testid="backend-info"]:not([data-backend=""])';

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface Marks {
  __workerStart?: number;
  __canvasUsable?: number;
  __engineReady?: number;
}

async function coldLoadOnce(server: AppServer, load: number): Promise<ColdLoadRun> {
  const session = await launchChromium();
  try {
    await session.context.addInitScript(
      ([canvas, palette, engine]) => {
        const marks = window as unknown as Marks;
        // When the page constructs its first Worker (the engine).
        const Native = window.Worker;
        window.Worker = class extends Native {
          constructor(url: string | URL, options?: WorkerOptions) {
            marks.__workerStart ??= performance.now();
            super(url, options);
          }
        };
        // The first moment both the sampler node and a palette item are in the document; the first the toolbar names a backend.
        const observer = new MutationObserver(() => {
          if (marks.__canvasUsable === undefined && document.querySelector(canvas) && document.querySelector(palette)) marks.__canvasUsable = performance.now();
          if (marks.__engineReady === undefined && document.querySelector(engine)) marks.__engineReady = performance.now();
          if (marks.__canvasUsable !== undefined && marks.__engineReady !== undefined) observer.disconnect();
        });
        observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-backend'] });
      },
      [CANVAS, PALETTE, ENGINE_READY],
    );
    const page = await session.open(server.url);
    await page.waitForFunction(() => (window as unknown as Marks).__canvasUsable !== undefined && (window as unknown as Marks).__engineReady !== undefined, undefined, { timeout: 120_000, polling: 250 });
    const t = await page.evaluate(() => {
      const marks = window as unknown as Marks;
      return { canvas: marks.__canvasUsable!, worker: marks.__workerStart ?? NaN, engine: marks.__engineReady! };
    });
    return { canvasMs: t.canvas, workerStartMs: t.worker, engineReadyMs: t.engine, load };
  } finally {
    await session.close();
  }
}

/** `runs` cold loads of each build, alternating between them. */
export async function benchColdLoad(builds: { label: string; server: AppServer }[], runs: number, loadAverage: () => number): Promise<ColdLoadStats[]> {
  const all = builds.map(() => [] as ColdLoadRun[]);
  for (let i = 0; i < runs; i++) for (const [j, b] of builds.entries()) all[j].push(await coldLoadOnce(b.server, loadAverage()));
  return builds.map((b, j) => ({
    label: b.label,
    runs,
    canvasMs: median(all[j].map((r) => r.canvasMs)),
    workerStartMs: median(all[j].map((r) => r.workerStartMs)),
    engineReadyMs: median(all[j].map((r) => r.engineReadyMs)),
    all: all[j],
  }));
}
