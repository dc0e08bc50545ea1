/**
 * The editor in Debian Chromium, against the built app (index.html): adding nodes from
 * the palette and by search, connecting ports (and a refused connection with its
 * reason), undo, copy/paste, running the default DDPM graph (previews, metric, cached
 * upstream after an edit), an error pinned on its node, a note that runs no script, and
 * 'compiling shaders…' on the sampler during a first WebGPU run.
 * Screenshots of the default graph before and after a run go to e2e/screenshots/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dragBetween, SHOTS, useLabSession } from './harness';

const t = (id: string) => `[data-testid="${id}"]`;
/** Edges are waited for as present: a straight horizontal edge has an empty box, which Playwright calls hidden. */
const EDGE = { state: 'attached' } as const;

const lab = useLabSession({ beforeAll, afterAll, afterEach }, { screenshots: true });

/** A fresh browser profile (nothing saved from an earlier test) with the editor loaded. */
const openEditor = (options: { webgpu?: boolean } = {}) => lab.openEditor({ ...options, ready: t('node-ddpm') });

/** Wait for the run in progress to end; its final status. */
async function finishedRun(page: Page): Promise<string | null> {
  // Run first asks the worker for the work estimate, so for a moment the status is still the last
  // run's: wait for this run to start (a run too quick to be seen running passes after 10 s).
  await page.waitForSelector(`${t('run-status')}[data-status=running]`, { timeout: 10_000 }).catch(() => undefined);
  await page.waitForSelector(`${t('run-status')}:not([data-status=running]):not([data-status=idle])`, { timeout: 120_000 });
  return page.getAttribute(t('run-status'), 'data-status');
}

async function nodeIds(page: Page, type: string): Promise<string[]> {
  const ids = await page.locator(`.react-flow__node [data-type="${type}"]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''));
  return ids.map((id) => id.replace(/^node-/, ''));
}

/** A point of the canvas with nothing on it (no node, edge or panel), in page coordinates. */
async function emptySpot(page: Page): Promise<{ x: number; y: number }> {
  const spot = await page.evaluate(() => {
    const r = document.querySelector('.react-flow__pane')!.getBoundingClientRect();
    for (let y = r.top + 40; y < r.bottom - 40; y += 20) {
      for (let x = r.left + 60; x < r.right - 200; x += 20) {
        if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
      }
    }
    return null;
  });
  if (!spot) throw new Error('no empty spot on the canvas');
  return spot;
}

describe('building a graph', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openEditor();
  });

  it('drags a node from the palette onto the canvas', async () => {
    expect(await nodeIds(page, 'noise/normal')).toEqual(['noise']);
    // Onto free canvas (a drop onto a node or note goes to the nearest free space instead).
    await page.dragAndDrop(t('palette-item-noise/normal'), t('canvas'), { targetPosition: { x: 420, y: 530 } });
    await page.waitForSelector(t('node-normal'));
    expect(await nodeIds(page, 'noise/normal')).toEqual(['noise', 'normal']);
  });

  it('adds a node by search where the canvas was double-clicked', async () => {
    const canvas = (await page.locator(t('canvas')).boundingBox())!;
    await page.mouse.dblclick(canvas.x + 590, canvas.y + 30);
    await page.fill(t('node-search-input'), 'ddim');
    await expect(page.locator(t('node-search-item-sampler/ddim')).count()).resolves.toBe(1);
    await page.keyboard.press('Enter');
    await page.waitForSelector(t('node-ddim'));
    const box = (await page.locator('.react-flow__node[data-id="ddim"]').boundingBox())!;
    // The node's top-left corner sits at the pointer, snapped to the 20-px grid (at most a zoom-scaled grid step away).
    expect(Math.abs(box.x - (canvas.x + 590))).toBeLessThan(30);
    expect(Math.abs(box.y - (canvas.y + 30))).toBeLessThan(30);
  });

  it('connects two ports', async () => {
    await dragBetween(page, t('port-normal-out-x'), t('port-ddim-in-xT'));
    await page.waitForSelector('.react-flow__edge[data-id="normal.x->ddim.xT"]', EDGE);
  });

  it('refuses an incompatible connection and shows why', async () => {
    const edges = await page.locator('.react-flow__edge').count();
    await dragBetween(page, t('port-schedule-out-schedule'), t('port-ddim-in-xT'));
    const toast = page.locator(`${t('toast')}.at-pointer`);
    await toast.waitFor();
    expect(await toast.textContent()).toMatch(/schedule\.schedule is a schedule, but ddim\.xT takes tensor/);
    expect(await page.locator('.react-flow__edge').count()).toBe(edges);
  });

  it('an edge dropped on empty canvas offers only the nodes that fit, and connects the one chosen', async () => {
    const spot = await emptySpot(page);
    const from = (await page.locator(t('port-ddim-out-x0')).boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(spot.x, spot.y, { steps: 12 });
    await page.mouse.up();
    await page.waitForSelector(t('node-search'));
    const offered = await page.locator(`${t('node-search')} li[data-testid]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(offered.length).toBeGreaterThan(0);
    // Only nodes with an input that takes the dragged output's type (a tensor): no schedules, no data sources.
    expect(offered.some((id) => /schedule\/|data\/toy2d|noise\/normal/.test(id ?? ''))).toBe(false);
    expect(await page.textContent(t('node-search'))).toContain('nodes that take a tensor');
    await page.fill(t('node-search-input'), 'histogram');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.react-flow__edge[data-id="ddim.x0->histogram.x"]', EDGE);
  });

  it('edits a param, refuses an out-of-bounds value, and undoes the edit', async () => {
    await page.click(`${t('node-ddim')} .gnode-title`);
    const steps = page.locator(t('param-steps'));
    const before = await steps.inputValue();
    await steps.fill('20');
    await steps.press('Enter');
    expect(await page.inputValue(t('node-param-ddim-steps'))).toBe('20');
    await steps.fill('-3');
    await steps.press('Enter');
    await page.waitForSelector(t('param-steps-error'));
    expect(await page.inputValue(t('node-param-ddim-steps'))).toBe('20');
    await steps.press('Escape');
    await page.click(`${t('node-ddim')} .gnode-title`);
    await page.keyboard.press('Control+z');
    expect(await page.inputValue(t('node-param-ddim-steps'))).toBe(before);
    await page.keyboard.press('Control+Shift+z');
    expect(await page.inputValue(t('node-param-ddim-steps'))).toBe('20');
  });

  it('copies and pastes a node', async () => {
    await page.click(`${t('node-ddim')} .gnode-title`);
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await page.waitForSelector(t('node-ddim-2'));
    expect(await page.inputValue(t('node-param-ddim-2-steps'))).toBe('20');
    const a = (await page.locator('.react-flow__node[data-id="ddim"]').boundingBox())!;
    const b = (await page.locator('.react-flow__node[data-id="ddim-2"]').boundingBox())!;
    expect(b.x).toBeGreaterThan(a.x);
    expect(b.y).toBeGreaterThan(a.y);
  });

  it('pastes into another tab through the clipboard, as graph-file JSON', async () => {
    const other = await lab.session.context.newPage();
    await other.setViewportSize({ width: 1600, height: 1000 });
    await other.goto(lab.server.url);
    await other.waitForSelector(t('node-ddpm'));
    const before = (await nodeIds(other, 'sampler/ddim')).length;
    await other.bringToFront();
    const spot = await emptySpot(other);
    await other.mouse.click(spot.x, spot.y);
    await other.keyboard.press('Control+v');
    await other.waitForFunction((n) => document.querySelectorAll('.react-flow__node [data-type="sampler/ddim"]').length > n, before);
    await other.close();
    await page.bringToFront();
  });
});

describe('running the default graph', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openEditor();
  });

  it('runs with one click: scatter preview on the node and the metric value', async () => {
    await page.screenshot({ path: join(SHOTS, 'default-graph-before-run.png') });
    await page.click(t('run-all'));
    expect(await finishedRun(page)).toBe('done');
    await page.waitForSelector(t('preview-scatter'));
    expect(await page.getAttribute(t('preview-scatter'), 'data-kind')).toBe('scatter');
    const swd = Number(await page.getAttribute(t('node-value-swd-value'), 'data-value'));
    // Exact score + 1000 DDPM steps: measured 0.11 in Node, where two independent data draws of 2048 points are 0.078 apart.
    expect(swd).toBeGreaterThan(0);
    expect(swd).toBeLessThan(0.2);
    await page.waitForSelector(t('result-value-swd-value'));
    expect(await page.getAttribute(t('status-ddpm'), 'data-status')).toBe('done');
    expect(await page.locator(t('backend-info')).getAttribute('data-backend')).toBe('wasm');
    await page.screenshot({ path: join(SHOTS, 'default-graph-after-run.png') });
  });

  it('after a sampler param change, only the sampler and what follows it run again', async () => {
    await page.selectOption(t('node-param-ddpm-variance'), 'beta');
    // The edit marks the sampler and everything downstream as out of date.
    expect(await page.locator(t('status-ddpm')).count()).toBe(0);
    expect(await page.getAttribute(t('status-score'), 'data-status')).toBe('done');
    await page.click(t('run-all'));
    expect(await finishedRun(page)).toBe('done');
    for (const id of ['data', 'schedule', 'score', 'noise', 'fresh']) expect(await page.getAttribute(t(`status-${id}`), 'data-status')).toBe('cached');
    for (const id of ['ddpm', 'scatter', 'swd']) expect(await page.getAttribute(t(`status-${id}`), 'data-status')).toBe('done');
  });

  it('pins a failing node’s error on that node', async () => {
    const canvas = (await page.locator(t('canvas')).boundingBox())!;
    await page.mouse.dblclick(canvas.x + 500, canvas.y + 40);
    await page.fill(t('node-search-input'), 've-sde');
    await page.keyboard.press('Enter');
    const [ve] = await nodeIds(page, 'schedule/ve');
    await dragBetween(page, t(`port-${ve}-out-schedule`), t('port-ddpm-in-schedule'));
    await page.waitForSelector(`.react-flow__edge[data-id="${ve}.schedule->ddpm.schedule"]`, EDGE);
    await page.click(t('run-all'));
    expect(await finishedRun(page)).toBe('error');
    const error = page.locator(t('node-error-ddpm'));
    await error.waitFor();
    expect(await error.textContent()).toMatch(/variance-preserving/);
    expect(await page.getAttribute(t('node-ddpm'), 'data-status')).toBe('error');
  });
});

describe('notes', () => {
  it('render Markdown and math, and run no script from their text', async () => {
    const page = await openEditor();
    await page.dragAndDrop(t('palette-item-note'), t('canvas'), { targetPosition: { x: 300, y: 520 } });
    const id = (await nodeIds(page, 'note')).find((n) => n !== 'note')!;
    const attack = [
      '**bold** $x^2$',
      '<img src=x onerror="window.__pwned = 1">',
      '<script>window.__pwned = 2</script>',
      '[link](javascript:window.__pwned=3)',
      '<svg onload="window.__pwned = 4"></svg>',
      '<a href="#" onclick="window.__pwned = 5">click</a>',
    ].join('\n\n');
    await page.fill(t('param-text'), attack);
    await page.locator(t('param-text')).blur();
    const body = page.locator(t(`note-body-${id}`));
    await body.locator('strong').waitFor();
    await body.locator('img').dispatchEvent('error');
    await page.waitForTimeout(300);
    const html = await body.innerHTML();
    expect(html).toContain('class="katex"');
    expect(html).toContain('<img src="x">');
    expect(html).not.toMatch(/onerror|onload|onclick|<script|javascript:/i);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  });
});

describe('running on WebGPU (software adapter)', () => {
  it("shows 'compiling shaders…' on the sampler while its first pipelines compile, and not after", async () => {
    const page = await openEditor({ webgpu: true });
    // Tiny: the software adapter is ~100× slower than WASM.
    for (const [field, value] of [['schedule-T', '20'], ['noise-n', '128'], ['fresh-n', '128']]) {
      await page.fill(t(`node-param-${field}`), value);
      await page.press(t(`node-param-${field}`), 'Enter');
    }
    await page.selectOption(t('backend-select'), 'webgpu');
    await page.waitForSelector(`${t('backend-info')}[data-backend="webgpu"]`, { timeout: 30_000 });
    await page.click(t('run-all'));
    const phase = page.locator(t('phase-ddpm'));
    await phase.waitFor({ timeout: 60_000 });
    expect(await phase.textContent()).toBe('compiling shaders…');
    await page.screenshot({ path: join(SHOTS, 'webgpu-compiling-shaders.png') });
    expect(await finishedRun(page)).toBe('done');
    expect(await page.getAttribute(t('status-ddpm'), 'data-status')).toBe('done');
    expect(await phase.count()).toBe(0);
  });
});
