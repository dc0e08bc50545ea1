/**
 * Cost before running (issue 16; issue 17, finding 6) in Chromium against the built app:
 * samplers show their work estimate; a run with a node past the soft bound asks first
 * (Cancel and Escape start nothing and change nothing; Run anyway runs); a node past the
 * hard bound refuses the run with its estimate and the bound; a normal graph runs
 * without a question.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GraphFile } from '../src/engine/format';
import { dropFileOnCanvas, useLabSession } from './harness';

const t = (id: string) => `[data-testid="${id}"]`;
const lab = useLabSession({ beforeAll, afterAll, afterEach }, { editor: true });
let page: Page;

beforeAll(async () => {
  page = lab.page;
  // Every dialog that ever opens is counted (a normal run must open none).
  await page.evaluate(() => {
    const w = window as unknown as { costDialogs: number };
    w.costDialogs = 0;
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) if (n instanceof HTMLElement && n.querySelector('[data-testid=cost-dialog]')) w.costDialogs++;
    }).observe(document.body, { childList: true });
  });
});

const dialogs = () => page.evaluate(() => (window as unknown as { costDialogs: number }).costDialogs);
const runStatus = () => page.getAttribute(t('run-status'), 'data-status');

/** The VE example (annealed + plain Langevin on the NCSN mixture) with `params` set per node, under a new name. */
function veGraph(name: string, params: Record<string, Record<string, unknown>>): string {
  const g = JSON.parse(readFileSync(new URL('../graphs/smld-annealed-langevin.json', import.meta.url), 'utf8')) as GraphFile;
  return JSON.stringify({ ...g, name, nodes: g.nodes.map((n) => (params[n.id] ? { ...n, params: { ...n.params, ...params[n.id] } } : n)) });
}

/** The open graph as the editor stores it (IndexedDB), for before/after comparisons. */
const storedGraph = (name: string) =>
  page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((res, rej) => Object.assign(indexedDB.open('diffusion-graph-lab'), { onsuccess(this: IDBRequest<IDBDatabase>) { res(this.result); }, onerror: rej }));
    const all = await new Promise<{ name: string; file: GraphFile }[]>((res) => Object.assign(db.transaction('graphs').objectStore('graphs').getAll(), { onsuccess(this: IDBRequest) { res(this.result); } }));
    db.close();
    const g = all.find((r) => r.name === name)?.file;
    return g && JSON.stringify({ nodes: g.nodes, edges: g.edges });
  }, name);

describe('cost before running', () => {
  it('runs the default graph without a question, its sampler showing a small estimate', async () => {
    await page.waitForSelector(t('estimate-ddpm'));
    expect(await page.textContent(t('estimate-ddpm'))).toMatch(/^≈ (< 1|\d+) s · /);
    await page.click(t('run-all'));
    await page.waitForSelector(`${t('run-status')}[data-status=done]`, { timeout: 120_000 });
    expect(await dialogs()).toBe(0);
  });

  it('asks before the VE graph at prior n = 200 000 and 1000 steps a level; Escape and Cancel start nothing and change nothing', async () => {
    const name = 'VE at n = 200 000';
    await dropFileOnCanvas(page, 've-big.json', veGraph(name, { prior: { n: 200_000 }, sampler: { stepsPerLevel: 1000 } }));
    await page.waitForSelector(`${t('estimate-sampler')}[data-level=soft]`, { timeout: 30_000 });
    expect(await page.textContent(t('estimate-sampler'))).toContain('≈ 13 min · 37 MiB');
    expect(await page.textContent(t('estimate-plain'))).toContain('≈ 40 s · 37 MiB');
    await page.waitForTimeout(1500); // autosave settles
    const before = await storedGraph(name);
    expect(before).toBeTruthy();

    await page.click(t('run-all'));
    const dialog = page.locator('[role=dialog][aria-modal=true]');
    await dialog.waitFor();
    const text = (await dialog.textContent())!;
    expect(text).toContain('sampler (sampler/annealed-langevin): ≈ 13 min · 37 MiB');
    expect(text).toMatch(/8\.0e\+12 FLOP \(about 13 min here\), over the confirmation bound of 3\.0e\+12 FLOP \(about 5 min here\)/);
    expect(text).not.toContain('plain');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('cost-cancel');
    expect(await dialog.getAttribute('aria-labelledby')).toBe('cost-title');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.click(t('run-all'));
    await page.click(t('cost-cancel'));
    await dialog.waitFor({ state: 'detached' });
    await page.waitForTimeout(1000);
    expect(await runStatus()).toBe('idle');
    expect(await page.locator('[data-testid^=status-]').count()).toBe(0);
    expect(await storedGraph(name)).toBe(before);
    expect(await dialogs()).toBe(2);
  });

  it('Run anyway runs it (then Stop ends it)', async () => {
    await page.click(t('run-all'));
    await page.click(t('cost-run'));
    await page.waitForSelector(`${t('node-sampler')}[data-status=running], ${t('node-sampler')}[data-status=queued]`, { timeout: 60_000 });
    await page.click(t('stop'));
    await page.waitForSelector(`${t('run-status')}[data-status=cancelled]`, { timeout: 60_000 });
  });

  it('refuses a node past the hard bound with its estimate and the bound, without a dialog', async () => {
    const before = await dialogs();
    await dropFileOnCanvas(page, 've-huge.json', veGraph('VE with 3 GiB of noise', { prior: { n: 200_000, dim: 4096 } }));
    await page.waitForSelector(`${t('estimate-prior')}[data-level=hard]`, { timeout: 30_000 });
    await page.click(t('run-all'));
    await page.waitForSelector(`${t('run-status')}[data-status=error]`);
    expect(await page.getAttribute(t('run-status'), 'title')).toMatch(/Not run: node 'prior' \(noise\/prior\) would need 3\.1 GiB of memory, over the limit of 2\.0 GiB/);
    expect(await page.locator('[data-testid^=status-]').count()).toBe(0);
    expect(await dialogs()).toBe(before);
  });
});
