/**
 * Shared by every e2e spec: serve the built app (dist/) with `vite preview` on a free
 * port, drive Debian's Chromium through playwright-core, and close everything after.
 * Build first (scripts/e2e.mjs does): the tests run against the production build.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import type * as Vitest from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where specs save their screenshots (useLabSession's `screenshots` creates it). */
export const SHOTS = join(ROOT, 'e2e', 'screenshots');

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

export interface EditorPageOptions {
  /** Appended to the server's URL (a query or a #graph= fragment). */
  path?: string;
  /** The viewport; 1600×1000 unless given. */
  width?: number;
  height?: number;
  /** What to wait for: the save status past 'starting' (storage has started and the graph it opens is in place) unless given. */
  ready?: string;
  /** How long to wait for it, in ms (30 s unless given). */
  timeout?: number;
}

/** The editor (index.html) in the session's browser at its viewport, once `ready` is on the page. */
export async function openEditorPage(session: BrowserSession, server: AppServer, options: EditorPageOptions = {}): Promise<Page> {
  const { path = '', width = 1600, height = 1000, ready = '[data-testid="save-status"]:not([data-state=starting])', timeout = 30_000 } = options;
  const page = await session.open(server.url + path);
  await page.setViewportSize({ width, height });
  await page.waitForSelector(ready, { timeout });
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

/** Vitest's hooks, passed in by the spec: this file is also loaded outside vitest (bench/), so it does not import vitest itself. */
export type LabHooks = Pick<typeof Vitest, 'beforeAll' | 'afterAll' | 'afterEach'>;

export interface LabOptions {
  /** Open the editor before the file's tests, in one browser kept for all of them (`lab.page`); `true` for openEditorPage's defaults. */
  editor?: boolean | EditorPageOptions;
  /** Create SHOTS before the tests. */
  screenshots?: boolean;
}

export interface LabSession {
  /** The preview server, up from before the file's first test to after its last. */
  readonly server: AppServer;
  /** The browser open now (the file's, or the last launch()'s); throws when none is. */
  readonly session: BrowserSession;
  /** The editor page opened before the tests (options.editor). */
  readonly page: Page;
  /** Close the browser open now, if any, and launch a fresh one (a new profile: nothing saved from an earlier test). */
  launch(options?: { webgpu?: boolean }): Promise<BrowserSession>;
  /** launch(), then the editor in it (openEditorPage). */
  openEditor(options?: EditorPageOptions & { webgpu?: boolean }): Promise<Page>;
}

/**
 * A spec file's set-up: the preview server (and with `editor`, a browser on the editor) before the
 * tests; the browser open then and the server closed after them; after a failed test, the last 30
 * lines of the open browser's log (console and page errors) on stderr.
 */
export function useLabSession(hooks: LabHooks, options: LabOptions = {}): LabSession {
  let server: AppServer | undefined;
  let session: BrowserSession | undefined;
  let page: Page | undefined;
  const lab: LabSession = {
    get server() {
      if (!server) throw new Error('the preview server is not up: use lab.server inside tests and hooks');
      return server;
    },
    get session() {
      if (!session) throw new Error('no browser is open: call lab.launch() or lab.openEditor() first');
      return session;
    },
    get page() {
      if (!page) throw new Error('no editor page: pass options.editor to useLabSession');
      return page;
    },
    async launch(launchOptions = {}) {
      await session?.close();
      session = await launchChromium(launchOptions);
      return session;
    },
    async openEditor({ webgpu, ...editor } = {}) {
      return openEditorPage(await lab.launch({ webgpu }), lab.server, editor);
    },
  };
  hooks.beforeAll(async () => {
    server = await startPreview();
    if (options.screenshots) await mkdir(SHOTS, { recursive: true });
    if (options.editor) page = await lab.openEditor(options.editor === true ? {} : options.editor);
  });
  hooks.afterAll(async () => {
    await session?.close();
    await server?.close();
  });
  hooks.afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail' && session) console.error(session.log.slice(-30).join('\n'));
  });
  return lab;
}
