/**
 * First impressions at 1440×900 (issue 16), in Debian Chromium against the built app:
 * lesson 7 at fit view draws all 79 edges (far-zoom nodes keep their handles); a one-node
 * graph fits at zoom ≤ 1 and a second node lands beside the first; after a run error every
 * toolbar control is on screen; an invalid field blocks Run and names the field; a
 * lesson's checklist passes after a run and a broken assertion shows fail; after Stop no
 * node stays queued; each lesson after its run is saved to e2e/screenshots/ui-lesson-N.png.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dropFileOnCanvas, ROOT, SHOTS, useLabSession } from './harness';

const WIDTH = 1440;
const HEIGHT = 900;
const t = (id: string) => `[data-testid="${id}"]`;
const LESSONS = readdirSync(join(ROOT, 'graphs', 'lessons'))
  .filter((f) => f.endsWith('.json'))
  .sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
/** Lesson numbers as their files name them (numbers may skip: 11 follows 9 while 10 is to come). */
const LESSON_NUMBERS = LESSONS.map((f) => parseInt(f, 10));
const lessonFile = (n: number) => JSON.parse(readFileSync(join(ROOT, 'graphs', 'lessons', LESSONS[LESSON_NUMBERS.indexOf(n)]), 'utf8')) as { edges: unknown[]; assertions: { node: string; port: string; lt?: number }[] };

/** Views a lesson's screenshot shows rather than its first picture: what it generates (lesson 1's new digits, lesson 9's DDPM samples). */
const MAIN_PLOT: Record<number, string> = { 1: 'genView', 9: 'ddpmGrid' };

/** The plot a lesson's screenshot shows: MAIN_PLOT's, else its first picture (scatter, images, histogram), else its first view. */
function mainPlot(n: number): string {
  const g = lessonFile(n) as unknown as { nodes: { id: string; type: string }[] };
  if (g.nodes.some((v) => v.id === MAIN_PLOT[n])) return MAIN_PLOT[n];
  const picture = g.nodes.find((v) => /^view\/(scatter|images|histogram)$/.test(v.type));
  return (picture ?? g.nodes.find((v) => v.type.startsWith('view/')))!.id;
}

const lab = useLabSession({ beforeAll, afterAll, afterEach }, { editor: { width: WIDTH, height: HEIGHT }, screenshots: true });
let page: Page;

beforeAll(() => {
  page = lab.page;
});

/** The canvas zoom, read from React Flow's viewport transform. */
async function zoom(): Promise<number> {
  const transform = await page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
  return Number(/scale\(([\d.e-]+)\)/.exec(transform)![1]);
}

/** Fit the view (the toolbar's ⤢) and wait for its 300 ms animation. */
async function fitView(): Promise<void> {
  await page.click('button[aria-label="Fit view"]');
  await page.waitForTimeout(700);
}

/** Drop a graph file on the canvas (an import), as the browser does. */
async function dropGraph(name: string, graph: unknown): Promise<void> {
  await dropFileOnCanvas(page, name, JSON.stringify(graph));
  if (await page.locator(t('library-panel')).count()) await page.click(t('library-close'));
}

async function openLesson(n: number): Promise<void> {
  if (!(await page.locator(t('lessons-list')).count())) {
    if (!(await page.locator(t('lessons-panel')).count())) await page.click(t('lessons-toggle'));
    await page.click(t('lessons-tab-list'));
  }
  await page.click(t(`lesson-${n}`));
  await page.waitForSelector(t('reading-pane'));
  await page.waitForFunction((name) => (document.querySelector('[data-testid="graph-name"]') as HTMLInputElement | null)?.value.startsWith(name), `Lesson ${n} ·`);
}

async function runAndWait(timeout = 240_000): Promise<string> {
  await page.click(t('run-all'));
  await page.waitForSelector(`${t('run-status')}[data-status=running]`, { timeout: 10_000 }).catch(() => undefined);
  await page.waitForSelector(`${t('run-status')}:not([data-status=running]):not([data-status=idle])`, { timeout });
  return (await page.getAttribute(t('run-status'), 'data-status'))!;
}

/** Every toolbar control (buttons, inputs, selects) lies inside the window. */
async function toolbarOffScreen(): Promise<string[]> {
  return page.locator('.toolbar button, .toolbar select, .toolbar input').evaluateAll(
    (els, width) =>
      els
        .filter((e) => {
          const r = e.getBoundingClientRect();
          return r.width === 0 || r.left < 0 || r.right > width;
        })
        .map((e) => e.getAttribute('data-testid') ?? e.getAttribute('aria-label') ?? e.textContent ?? '?'),
    WIDTH,
  );
}

/**
 * Result cards cut by the results strip's edges (partly in view): none, as the strip shows
 * whole cards; when cards lie out of view, the header's › pages to them and they show whole.
 */
async function cutCards(): Promise<string[]> {
  const cut = () =>
    page.locator(`${t('results-list')} > *`).evaluateAll((els) => {
      const list = document.querySelector('[data-testid="results-list"]')!.getBoundingClientRect();
      return els
        .filter((e) => {
          const r = e.getBoundingClientRect();
          const inside = r.left >= list.left - 1 && r.right <= list.right + 1 && r.bottom <= list.bottom + 1;
          const outside = r.right <= list.left + 1 || r.left >= list.right - 1;
          return !inside && !outside;
        })
        .map((e) => e.getAttribute('data-testid') ?? e.className);
    });
  const before = await cut();
  const next = page.locator(t('results-next'));
  if (!before.length && (await next.count()) && (await next.isEnabled())) {
    const first = await page.locator(`${t('results-paging')} .muted`).textContent();
    await next.click();
    await page.waitForFunction((text) => document.querySelector('[data-testid="results-paging"] .muted')?.textContent !== text, first);
    await scrollSettled();
    before.push(...(await cut()));
    await page.click(t('results-prev'));
    await scrollSettled();
  }
  return before;
}

/** The results strip has stopped moving (its smooth scroll and snap are over): the same scrollLeft in two reads 200 ms apart. */
async function scrollSettled(): Promise<void> {
  const read = () => page.locator(t('results-list')).evaluate((el) => el.scrollLeft);
  let last = await read();
  for (let i = 0; i < 25; i++) {
    await page.waitForTimeout(200);
    const now = await read();
    if (now === last) return;
    last = now;
  }
}

/** Toasts ("Opened a copy of…") go on a click; a screenshot shows the page under them. */
async function dismissToasts(): Promise<void> {
  for (const toast of await page.locator(t('toast')).all()) await toast.click().catch(() => undefined);
}

describe('first impressions at 1440×900', () => {
  it('lesson 7 at fit view draws all 79 edges, nodes as titled blocks', async () => {
    await openLesson(7);
    // The lesson opens framed on its first note; nodes off screen are not rendered until fit view.
    await page.waitForSelector(t('node-intro'), { timeout: 30_000 });
    await fitView();
    expect(await zoom()).toBeLessThan(0.35); // far zoom: the level of detail is on
    const expected = lessonFile(7).edges.length;
    expect(expected).toBe(79);
    await page.waitForFunction((n) => document.querySelectorAll('.react-flow__edge path.react-flow__edge-path[d]:not([d=""])').length >= n, expected, { timeout: 10_000 });
    expect(await page.locator('.react-flow__edge').count()).toBe(expected);
    expect(await page.locator('.gnode.lod .lod-title').count()).toBeGreaterThan(40);
    expect(lab.session.log.filter((l) => l.includes("Couldn't create edge"))).toEqual([]);
    await dismissToasts();
    await page.screenshot({ path: join(SHOTS, 'ui-lesson7-fit.png') });

    // Arrange: a layered layout, every edge still drawn, no two nodes overlapping; undo restores.
    const before = await page.locator(t('node-ddpm')).boundingBox();
    await page.click(t('arrange'));
    // dagre loads with the first Arrange; the layout lands, then the view fits it.
    await page.waitForFunction((n) => document.querySelectorAll('.react-flow__edge').length === n, expected, { timeout: 15_000 });
    await page.waitForTimeout(800);
    expect(await page.locator('.react-flow__edge').count()).toBe(expected);
    const boxes = await page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, w: r.width, h: r.height })));
    const overlapping = boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => a.x < b.x + b.w - 1 && b.x < a.x + a.w - 1 && a.y < b.y + b.h - 1 && b.y < a.y + a.h - 1));
    expect(overlapping).toEqual([]);
    await dismissToasts();
    await page.screenshot({ path: join(SHOTS, 'ui-lesson7-arranged.png') });
    await page.click(t('undo'));
    await fitView();
    expect(await page.locator(t('node-ddpm')).boundingBox()).toEqual(before);
  });

  it('a one-node graph fits at zoom ≤ 1; the next node lands beside it; a run error keeps every toolbar control on screen', async () => {
    await dropGraph('one.json', { format: 'diffusion-graph-lab/graph', version: 1, name: 'One sampler with a long name that goes on and on', nodes: [{ id: 'ddpm', type: 'sampler/ddpm', typeVersion: 1, params: {}, position: { x: 0, y: 0 } }], edges: [] });
    await page.waitForSelector(t('node-ddpm'));
    if (await page.locator(t('lessons-panel')).count()) await page.click(t('lessons-close'));
    await fitView();
    expect(await zoom()).toBeLessThanOrEqual(1);
    await page.dragAndDrop(t('palette-item-noise/normal'), t('node-ddpm'));
    await page.waitForSelector(t('node-normal'));
    const a = (await page.locator(t('node-ddpm')).boundingBox())!;
    const b = (await page.locator(t('node-normal')).boundingBox())!;
    const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    expect(overlap).toBe(false);
    // The sampler has no inputs wired: the run fails, with a long message.
    expect(await runAndWait(60_000)).toBe('error');
    expect(await toolbarOffScreen()).toEqual([]);
    const status = (await page.locator(t('run-status')).boundingBox())!;
    expect(status.x + status.width).toBeLessThanOrEqual(WIDTH);
    await dismissToasts();
    await page.screenshot({ path: join(SHOTS, 'ui-toolbar-error.png') });
  });

  it('an invalid field blocks Run and names the field', async () => {
    const lesson6 = lessonFile(6);
    await dropGraph('lesson6.json', lesson6);
    await page.waitForSelector(t('node-noisy'));
    // The inspector's field of the selected node (the canvas may be zoomed out to blocks).
    await page.click(t('node-clean'));
    const field = 'param-n';
    await page.fill(t(field), '2.5');
    await page.press(t(field), 'Enter');
    expect(await page.textContent(t(`${field}-error`))).toBe('n must be a whole number; got 2.5');
    await page.click(t('run-all'));
    await page.waitForSelector(`${t('run-status')}[data-status=error]`);
    const text = (await page.getAttribute(t('run-status'), 'title'))!;
    expect(text).toContain("node 'clean', field 'n'");
    expect(text).toContain('n must be a whole number; got 2.5');
    // Nothing ran.
    expect(await page.locator('.gnode[data-status=done], .gnode[data-status=running]').count()).toBe(0);
    await page.press(t(field), 'Escape');
    expect(await page.locator(t(`${field}-error`)).count()).toBe(0);
  });

  it("a lesson's checklist passes after a run; a broken assertion shows fail", async () => {
    await openLesson(6);
    const expected = lessonFile(6).assertions.length;
    expect(await runAndWait()).toBe('done');
    const pane = page.locator(`${t('reading-pane')} ${t('checklist')}`);
    await pane.scrollIntoViewIfNeeded();
    expect(await pane.locator('[data-state]').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(Array(expected).fill('pass'));
    // The same list in the results panel, and a badge on a node an assertion reads.
    expect(await page.locator(`${t('results-panel')} ${t('checklist')}`).getAttribute('data-pass')).toBe(String(expected));
    await dismissToasts();
    await page.screenshot({ path: join(SHOTS, 'ui-checklist-pass.png') });

    // A deliberately broken assertion: the noisy MSE is ≈ 4, claimed below 1.
    const broken = lessonFile(6);
    broken.assertions.push({ node: 'noisyMse', port: 'mse', lt: 1 });
    (broken as unknown as { name: string }).name = 'Lesson 6 with a broken check';
    await dropGraph('broken-check.json', broken);
    await page.waitForFunction(() => (document.querySelector('[data-testid="graph-name"]') as HTMLInputElement).value.startsWith('Lesson 6 with a broken check'));
    expect(await runAndWait()).toBe('done');
    // Beside the notes the list is in full; the results panel sums it up (a mark per check) and shows the failing row in full.
    const rows = page.locator(`${t('reading-pane')} ${t('checklist')} .checklist-rows [data-state]`);
    const states = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    expect(states).toEqual([...Array(expected).fill('pass'), 'fail']);
    const marks = page.locator(`${t('results-panel')} ${t('checklist')} .checklist-marks [data-state]`);
    expect(await marks.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(states);
    expect(await page.locator(`${t('results-panel')} ${t('checklist')}`).getAttribute('data-fail')).toBe('1');
    const last = await page.locator(`${t('results-panel')} ${t(`check-${expected}`)}`).textContent();
    expect(last).toMatch(/noisyMse\.mse = 3\.9\d* \(needs < 1\)/);
  });

  it('after Stop no node stays queued or running', async () => {
    await openLesson(8);
    await fitView();
    await page.click(t('run-all'));
    // The trainer runs for many seconds: stop it half way, with most of the graph still queued.
    await page.waitForSelector(`${t('node-train')}[data-status=running]`, { timeout: 60_000 });
    expect(await page.locator('.gnode[data-status=queued]').count()).toBeGreaterThan(10);
    await page.click(t('stop'));
    await page.waitForSelector(`${t('run-status')}[data-status=cancelled]`, { timeout: 30_000 });
    expect(await page.locator('.gnode[data-status=queued], .gnode[data-status=running]').count()).toBe(0);
    expect(await page.locator('.gnode[data-status=skipped]').count()).toBeGreaterThan(10);
    await dismissToasts();
    await page.screenshot({ path: join(SHOTS, 'ui-after-stop.png') });
  });

  it('any plot opens large: nice ticks inside the data, a legend, hover values', async () => {
    await openLesson(2);
    expect(await runAndWait()).toBe('done');
    await dismissToasts(); // before the hover: a click on one moves the pointer
    // The schedule's curves a(t), s(t) against t: ticks at 1-2-5 steps, none below t = 0 or past t = 1.
    await page.click(t('result-plot-linearPlot'));
    await page.waitForSelector(`${t('plot-view')} ${t('plot-chart')}[data-x-ticks]`);
    const chart = page.locator(t('plot-chart'));
    const xTicks = (await chart.getAttribute('data-x-ticks'))!.split(' ').map(Number);
    expect(xTicks.length).toBeGreaterThanOrEqual(3);
    expect(Math.min(...xTicks)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xTicks)).toBeLessThanOrEqual(1);
    const steps = xTicks.slice(1).map((v, i) => v - xTicks[i]);
    const mantissa = steps[0] / 10 ** Math.floor(Math.log10(steps[0]) + 1e-9);
    expect([1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6)).toBe(true);
    expect(steps.every((d) => Math.abs(d - steps[0]) < 1e-9)).toBe(true);
    expect(await chart.locator('.u-legend .u-series').count()).toBeGreaterThanOrEqual(3); // t and both curves
    // Hover: the legend reads the curves at the cursor.
    const over = (await chart.locator('.u-over').boundingBox())!;
    await page.mouse.move(over.x + over.width * 0.5, over.y + over.height * 0.5);
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="plot-chart"] .u-legend .u-value')].every((e) => /\d/.test(e.textContent ?? '')));
    const values = await chart.locator('.u-legend .u-value').allTextContents();
    expect(Number(values[0])).toBeGreaterThan(0.3); // t near the middle of [0, 1]
    expect(Number(values[0])).toBeLessThan(0.7);
    await page.screenshot({ path: join(SHOTS, 'ui-plot-large.png') });
    await page.keyboard.press('Escape');
    expect(await page.locator(t('plot-view')).count()).toBe(0);

    // A scatter: equal axes, the nearest point under the cursor.
    await page.click(t('result-plot-linearT4View'));
    await page.waitForSelector(`${t('plot-view')} ${t('plot-chart')}[data-x-ticks]`);
    const box = (await page.locator(`${t('plot-chart')} .u-over`).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction(() => document.querySelector('[data-testid="plot-hover"]')?.textContent?.startsWith('nearest'));
    expect(await page.textContent(t('plot-hover'))).toMatch(/x₁ = -?[\d.]+, x₂ = -?[\d.]+/);
    await page.keyboard.press('Escape');
  });

  it('the library and the examples gallery show each graph in miniature', async () => {
    await page.click(t('library-toggle'));
    await page.click(t('library-tab-graphs'));
    await page.waitForSelector(t('library-item'));
    const items = await page.locator(t('library-item')).count();
    expect(items).toBeGreaterThan(0);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="library-item"] [data-testid="graph-thumbnail"] rect').length >= n, items);
    await page.click(t('library-tab-examples'));
    const examples = page.locator(`${t('examples-gallery')} .lib-example`);
    expect(await page.locator(`${t('examples-gallery')} .lib-example ${t('graph-thumbnail')}`).count()).toBe(await examples.count());
    await dismissToasts();
    await page.screenshot({ path: join(SHOTS, 'ui-library-thumbnails.png') });
    await page.click(t('library-close'));
  });

  it('a run interrupted by reload says so', async () => {
    await openLesson(8);
    await fitView();
    await page.click(t('run-all'));
    await page.waitForSelector(`${t('node-train')}[data-status=running]`, { timeout: 60_000 });
    await page.reload();
    await page.waitForSelector(`${t('save-status')}:not([data-state=starting])`, { timeout: 30_000 });
    await page.waitForSelector(`${t('run-status')}[data-status=cancelled]`, { timeout: 10_000 });
    const status = (await page.getAttribute(t('run-status'), 'title'))!;
    expect(status).toMatch(/interrupted by a reload/);
    expect(status).toContain('Lesson 8');
    expect(await page.locator('.gnode[data-status=running], .gnode[data-status=queued], .gnode[data-status=done]').count()).toBe(0);
  });

  for (const n of LESSON_NUMBERS) {
    // Lesson 9 trains a U-Net and runs four samplers on the shipped one (minutes of CPU in the browser):
    // CI runs it headless with its checks (graphs/graphs.test.ts) and the MNIST flow in images.spec.ts;
    // E2E_HEAVY=1 takes its screenshot here too. Lesson 10 restores digits with the same U-Net: inverse.spec.ts
    // runs it at this size, checks it and takes its screenshot, so it is not run twice. To keep CI under its
    // 20 minutes, CI runs two lessons here (1: the VAE, 3: the README's screenshot); every lesson's checks
    // run headless in graphs/graphs.test.ts, and E2E_HEAVY=1 runs and screenshots all of them here.
    const IN_CI = new Set([1, 3]);
    const run = !IN_CI.has(n) && !process.env.E2E_HEAVY ? it.skip : it;
    // Lesson 9 took 528 s and 835 s at loads of 18 and 23 on the 2-core machine: it gets 20 minutes.
    const limit = n === 9 ? 1_200_000 : 540_000;
    run(`lesson ${n} after a run, every check passing (screenshot)`, { timeout: limit + 60_000 }, async () => {
      await openLesson(n);
      const t0 = Date.now();
      expect(await runAndWait(limit)).toBe('done');
      const seconds = (Date.now() - t0) / 1000;
      const expected = lessonFile(n).assertions.length;
      const list = page.locator(`${t('results-panel')} ${t('checklist')}`);
      expect(await list.getAttribute('data-pass')).toBe(String(expected));
      console.log(`lesson ${n}: run ${seconds.toFixed(1)} s, ${expected} checks pass`);
      expect(await cutCards()).toEqual([]);
      // Show a result: the lesson's main plot, by a click on its card in the results panel
      // (the canvas centres on it; the inspector draws its outputs large), zoomed out a little.
      const view = mainPlot(n);
      await page.click(`${t(`result-${view}`)} .result-head`); // (a click on a picture would open it large)
      // The card first in the results strip (no card cut at the left edge).
      await page.locator(t(`result-${view}`)).evaluate((el) => el.scrollIntoView({ inline: 'start', block: 'nearest' }));
      await page.waitForTimeout(600);
      await page.click('.react-flow__controls-zoomout');
      await page.waitForTimeout(400);
      await page.locator(`${t('reading-pane')} ${t('checklist')}`).scrollIntoViewIfNeeded();
      // Notes render their math when scrolled into view, a formula per slice: let the visible ones finish.
      await page.waitForTimeout(1500);
      await dismissToasts();
      await page.screenshot({ path: join(SHOTS, `ui-lesson-${n}.png`) });
      if (n === 8) {
        // Compare: no sampler of lesson 8 has a trajectory view, so no empty trajectory panels: that mode is off, samples show.
        await page.click(t('compare-toggle'));
        await page.waitForSelector(`${t('compare-metrics')}[data-status=done]`, { timeout: 60_000 });
        expect(await page.locator(t('compare-mode-trajectories')).isDisabled()).toBe(true);
        expect(await page.getAttribute(t('compare-mode-samples'), 'aria-pressed')).toBe('true');
        expect(await page.locator(`${t('compare-grid')} figure`).count()).toBeGreaterThanOrEqual(8);
        await dismissToasts();
    await page.screenshot({ path: join(SHOTS, 'ui-lesson8-compare.png') });
        await page.click(t('compare-close'));
      }
    });
  }
});
