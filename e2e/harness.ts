/**
 * Shared by every e2e spec: serve the built app (dist/) with `vite preview` on a free
 * port, drive Debian's Chromium through playwright-core, and close everything after.
 * Build first (scripts/e2e.mjs does): the tests run against the production build.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface AppServer {
  url: string;
  close(): Promise<void>;
}

/** `vite preview` of dist/ (or another build's folder: the argument, else $E2E_DIST) with the config's COOP/COEP headers, on a free port. */
export async function startPreview(outDir = process.env.E2E_DIST ?? join(ROOT, 'dist')): Promise<AppServer> {
  if (!existsSync(join(outDir, 'run.html'))) throw new Error(`${outDir} has no run.html: build the app first (node scripts/e2e.mjs builds it)`);
  const port = await freePort();
  const server: PreviewServer = await preview({ root: ROOT, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port, strictPort: true, open: false } });
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

export interface BrowserSession {
  context: BrowserContext;
  /** Console lines and page errors of every page, for failure messages. */
  log: string[];
  open(url: string): Promise<Page>;
  close(): Promise<void>;
}

/** Debian Chromium, headless, in a fresh profile; `webgpu` adds --enable-unsafe-webgpu (a SwiftShader adapter without a GPU). */
export async function launchChromium(options: { webgpu?: boolean } = {}): Promise<BrowserSession> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run node scripts/e2e.mjs (it installs it) or set CHROMIUM_PATH`);
  const profile = await mkdtemp(join(tmpdir(), 'dgl-chromium-'));
  const args = ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
  if (options.webgpu) args.push('--enable-unsafe-webgpu');
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args });
  const log: string[] = [];
  return {
    context,
    log,
    async open(url) {
      // A persistent context starts with one blank page: use it once, then open new ones.
      const page = context.pages().find((p) => p.url() === 'about:blank') ?? (await context.newPage());
      page.on('console', (m) => log.push(`[console.${m.type()}] ${m.text()}`));
      page.on('pageerror', (e) => log.push(`[pageerror] ${e.message}`));
      await page.goto(url);
      return page;
    },
    async close() {
      await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** The editor (index.html) in a fresh profile at 1600×1000, once its storage has started and the graph it opens is in place. */
export async function openEditorPage(session: BrowserSession, server: AppServer): Promise<Page> {
  const page = await session.open(server.url);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.waitForSelector('[data-testid="save-status"]:not([data-state=starting])', { timeout: 30_000 });
  return page;
}

/** Drag with the mouse from the centre of one element to the centre of another (React Flow handles). */
export async function dragBetween(page: Page, from: string, to: string): Promise<void> {
  const a = await stableBox(page, from);
  const b = await stableBox(page, to);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

/**
 * An element's box once it has stopped moving (the same in two reads 100 ms apart, at most ~3 s):
 * a node grows when its work estimate arrives from the worker, which moves the handles below it.
 */
async function stableBox(page: Page, selector: string): Promise<{ x: number; y: number; width: number; height: number }> {
  let box = (await page.locator(selector).boundingBox())!;
  for (let i = 0; i < 30; i++) {
    await page.waitForTimeout(100);
    const next = (await page.locator(selector).boundingBox())!;
    if (next.x === box.x && next.y === box.y && next.width === box.width && next.height === box.height) return next;
    box = next;
  }
  return box;
}

/** run.html loaded and its test hooks ready (window.runGraph, window.dgl). */
export async function openRunPage(session: BrowserSession, server: AppServer, query = ''): Promise<Page> {
  const page = await session.open(`${server.url}/run.html${query}`);
  await page.waitForFunction(() => typeof (window as { runGraph?: unknown }).runGraph === 'function', undefined, { timeout: 30_000 });
  return page;
}

/** Drop a file on the canvas as the browser does: dragenter, dragover, drop with a DataTransfer holding it (an import). */
export async function dropFileOnCanvas(page: Page, name: string, text: string): Promise<void> {
  await page.evaluate(
    ({ name, text }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type: 'application/json' }));
      const pane = document.querySelector('.react-flow__pane')!;
      const r = pane.getBoundingClientRect();
      const init = { bubbles: true, cancelable: true, dataTransfer: dt, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2 };
      for (const type of ['dragenter', 'dragover', 'drop']) pane.dispatchEvent(new DragEvent(type, init));
    },
    { name, text },
  );
}
