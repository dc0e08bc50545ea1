/**
 * Issue 17 in Chromium against the built app: hostile files, links and notes. A graph
 * with node id `constructor` is refused on import; a stored graph that cannot be shown
 * (planted in IndexedDB) leaves the app usable; a 50 MiB file is refused without
 * crashing the tab; a 390-note share link opens with no main-thread task over 200 ms; a note's
 * fixed-position element stays inside the note; notes naming remote images make no
 * network request (the test's request log).
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GraphFile } from '../src/engine/format';
import { encodeShareLink } from '../src/sharing/share-link';
import { openEditorPage, useLabSession } from './harness';

const t = (id: string) => `[data-testid="${id}"]`;
const lab = useLabSession({ beforeAll, afterAll, afterEach });
/** Every URL the page asked for, this test. */
let requests: string[] = [];

async function openEditor(path = ''): Promise<Page> {
  const session = await lab.launch();
  requests = [];
  session.context.on('request', (r) => requests.push(r.url()));
  return openEditorPage(session, lab.server, { path, timeout: 60_000 });
}

const ready = (page: Page) => page.waitForSelector(`${t('save-status')}:not([data-state=starting])`, { timeout: 60_000 });

/** Drop a file on the canvas as the browser does; `bytes` of `fill` when given, else `text`. */
async function dropFile(page: Page, name: string, text: string, bytes?: { size: number; fill: number }): Promise<void> {
  await page.evaluate(
    ({ name, text, bytes }) => {
      const dt = new DataTransfer();
      const body = bytes ? new Uint8Array(bytes.size).fill(bytes.fill) : text;
      dt.items.add(new File([body], name, { type: 'application/json' }));
      const pane = document.querySelector('.react-flow__pane')!;
      const r = pane.getBoundingClientRect();
      const init = { bubbles: true, cancelable: true, dataTransfer: dt, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2 };
      for (const type of ['dragenter', 'dragover', 'drop']) pane.dispatchEvent(new DragEvent(type, init));
    },
    { name, text, bytes },
  );
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  tdur?: number;
  args?: { name?: string };
}

/** CPU time (ms) of each task run on the page's main thread(s), from a Chrome trace of category 'toplevel'. */
function mainThreadTaskCpuMs(events: TraceEvent[]): number[] {
  const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  return events.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && main.has(`${e.pid}:${e.tid}`)).map((e) => (e.tdur ?? 0) / 1000);
}

const graph = (name: string, nodes: GraphFile['nodes']): GraphFile => ({ format: 'diffusion-graph-lab/graph', version: 1, name, description: '', seed: 0, nodes, edges: [], assertions: [] });
const note = (id: string, text: string, x = 0, y = 0) => ({ id, type: 'note', typeVersion: 1, params: { text }, position: { x, y }, width: 320, height: 200 });
const graphNames = (page: Page) => page.evaluate(async () => {
  const db = await new Promise<IDBDatabase>((res, rej) => Object.assign(indexedDB.open('diffusion-graph-lab'), { onsuccess(this: IDBRequest<IDBDatabase>) { res(this.result); }, onerror: rej }));
  const all = await new Promise<{ name: string }[]>((res) => Object.assign(db.transaction('graphs').objectStore('graphs').getAll(), { onsuccess(this: IDBRequest) { res(this.result); } }));
  db.close();
  return all.map((g) => g.name).sort();
});

describe('hostile inputs (issue 17)', () => {
  it('refuses a graph whose node id is constructor, naming its JSON path, and stores nothing', async () => {
    const page = await openEditor();
    const before = await graphNames(page);
    await dropFile(page, 'proto.json', JSON.stringify(graph('proto', [{ id: 'constructor', type: 'noise/normal', typeVersion: 1, params: {}, position: { x: 0, y: 0 } }])));
    await page.waitForSelector(t('import-issues'));
    expect(await page.textContent(t('import-issues'))).toContain('$.nodes[0].id');
    expect(await graphNames(page)).toEqual(before);
    expect(await page.locator('#root').evaluate((el) => el.childElementCount)).toBeGreaterThan(0);
  });

  it('refuses a 50 MiB file of "[" before parsing it, and the tab stays alive', async () => {
    const page = await openEditor();
    await dropFile(page, 'big.json', '', { size: 50 * 2 ** 20, fill: 0x5b });
    // Refused by its size, or (under the size bound for files with weights) by its depth before JSON.parse.
    await page.waitForSelector(`${t('import-issue')}[data-code=too-large], ${t('import-issue')}[data-code=too-deep]`, { timeout: 90_000 });
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
  });

  it('opens the app when the stored last graph cannot be shown (planted in IndexedDB)', async () => {
    const page = await openEditor();
    await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((res, rej) => Object.assign(indexedDB.open('diffusion-graph-lab'), { onsuccess(this: IDBRequest<IDBDatabase>) { res(this.result); }, onerror: rej }));
      const store = db.transaction('graphs', 'readwrite').objectStore('graphs');
      const [record] = await new Promise<{ file: { nodes: { id: string }[]; edges: { source: string; target: string }[] } }[]>((res) => Object.assign(store.getAll(), { onsuccess(this: IDBRequest) { res(this.result); } }));
      const old = record.file.nodes[0].id;
      record.file.nodes[0].id = 'constructor';
      for (const e of record.file.edges) for (const end of ['source', 'target'] as const) if (e[end] === old) e[end] = 'constructor';
      await new Promise((res) => Object.assign(store.put(record), { onsuccess: res }));
      db.close();
    });
    await page.reload();
    await ready(page);
    await page.waitForSelector(t('toast'));
    expect(await page.textContent(t('toast'))).toMatch(/could not be opened .*\$\.nodes\[0\]\.id.*kept in the library/);
    await page.waitForSelector(t('library-panel'));
    expect(await page.locator(t('canvas')).count()).toBe(1);
    expect(await graphNames(page)).toEqual(['DDPM on eight Gaussians']);
  });

  it("keeps a note's fixed-position element inside the note, and fetches no remote image", async () => {
    const page = await openEditor();
    const text = [
      '<div data-cover="1" style="position:fixed;top:0;left:0;width:100vw;height:100vh;z-index:99999;background:red">cover</div>',
      '![pixel](http://remote.invalid/pixel.png) <img src="https://remote.invalid/p2.png"> <img src="//remote.invalid/p3.png">',
      '<span style="background:url(http://remote.invalid/p4.png)">bg</span> $x^2$',
    ].join('\n\n');
    await dropFile(page, 'notes.json', JSON.stringify(graph('hostile notes', [note('n1', text, 100, 100)])));
    const cover = page.locator('[data-cover]').first();
    await cover.waitFor({ timeout: 30_000 });
    const box = (await cover.boundingBox())!;
    const body = (await page.locator(t('note-body-n1')).boundingBox())!;
    expect(await cover.evaluate((el) => getComputedStyle(el).position)).not.toBe('fixed');
    expect(box.width).toBeLessThanOrEqual(body.width + 1);
    expect(box.y).toBeGreaterThanOrEqual(body.y - 1);
    await page.waitForTimeout(2000);
    const origin = new URL(lab.server.url).origin;
    expect(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
  });

  // Measured 2026-12-07 (engineer B): before, one task of ~270 ms CPU (React Flow mounting,
  // measuring and laying out 390 notes in one commit) and ~100 ms tasks parsing each note's
  // markdown; now notes zoomed far out are cards whose markdown is not parsed, and a graph of
  // more than 120 nodes mounts 40 at a time (src/editor/components/progressive-nodes.ts):
  // the longest task is ~90 ms CPU under load. The bound is checked on each main-thread
  // task's CPU time from Chrome's trace, because wall time on the shared 2-core machine is
  // inflated 5–15× by load (a 90 ms task read 640–1470 ms at load 17–27); the long-task
  // observer's wall times are logged, and asserted too with H5_WALL=1 on an idle machine.
  it('opens the 390-note share link with no main-thread task over 200 ms', async () => {
    const formulas = Array.from({ length: 1100 }, (_, i) => `$x_{${i % 7}}$`).join(' ');
    const notes = Array.from({ length: 390 }, (_, i) => note(`n${i}`, `## Note ${i}\n\n${formulas}`, (i % 20) * 400, Math.floor(i / 20) * 260));
    const link = await encodeShareLink(graph('390 notes', notes));
    expect(link.ok).toBe(true);
    if (!link.ok) return;
    const page = await openEditor();
    await page.evaluate(() => {
      (window as unknown as { longTasks: number[] }).longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) (window as unknown as { longTasks: number[] }).longTasks.push(e.duration);
      }).observe({ type: 'longtask' });
    });
    const cdp = await page.context().newCDPSession(page);
    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', (e) => void events.push(...(e.value as unknown as TraceEvent[])));
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', { categories: 'toplevel', transferMode: 'ReportEvents' } as never);
    await page.evaluate((hash) => (location.hash = hash), link.hash);
    await page.waitForSelector('[data-type=note]', { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelectorAll('[data-type=note]').length === 390, undefined, { timeout: 60_000 });
    await page.waitForTimeout(3000);
    await cdp.send('Tracing.end');
    await complete;
    const cpu = mainThreadTaskCpuMs(events);
    const tasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    console.log(`390 notes: ${cpu.length} main-thread tasks, longest ${Math.max(0, ...cpu).toFixed(0)} ms CPU; long-task observer: ${tasks.length} over 50 ms wall, longest ${Math.max(0, ...tasks).toFixed(0)} ms`);
    expect(cpu.length).toBeGreaterThan(10);
    expect(Math.max(...cpu)).toBeLessThanOrEqual(200);
    if (process.env.H5_WALL) expect(Math.max(0, ...tasks)).toBeLessThanOrEqual(200);
  });
});
