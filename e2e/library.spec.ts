/**
 * The graph library in Debian Chromium against the built app: a graph survives a
 * reload; export → delete (with undo) → import by drop brings it back and it runs; a bad
 * file is refused with its problems' JSON paths and stores nothing; a share link opens
 * as a new graph (on load and in an open tab); a tab hears of another tab's save of
 * its graph; an example opens as a private copy.
 * Every test starts from a fresh browser profile, so IndexedDB starts empty.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dropFileOnCanvas, SHOTS, useLabSession } from './harness';

const t = (id: string) => `[data-testid="${id}"]`;

const lab = useLabSession({ beforeAll, afterAll, afterEach }, { screenshots: true });

/** A fresh browser profile (an empty library) with the editor loaded at `path` and its library open. */
const openEditor = (path = '') => lab.openEditor({ path });

async function libraryReady(page: Page): Promise<void> {
  await page.waitForSelector(`${t('save-status')}:not([data-state=starting])`, { timeout: 30_000 });
}

async function nodeIds(page: Page): Promise<string[]> {
  return page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? '').sort());
}

/** Add a Standard normal noise node from the palette and wait until autosave stored it. */
async function addNoiseNode(page: Page): Promise<void> {
  await page.dragAndDrop(t('palette-item-noise/normal'), t('canvas'), { targetPosition: { x: 460, y: 90 } });
  await page.waitForSelector(t('node-normal'));
  await page.waitForSelector(`${t('save-status')}[data-state=saved]`, { timeout: 5_000 });
}

/** The names in the library list, in its order. */
async function libraryNames(page: Page): Promise<string[]> {
  if (!(await page.locator(t('library-panel')).count())) await page.click(t('library-toggle'));
  await page.click(t('library-tab-graphs'));
  await page.waitForSelector(t('library-list'));
  return page.locator(t('library-item')).evaluateAll((els) => els.map((e) => e.getAttribute('data-name') ?? ''));
}

async function closeLibrary(page: Page): Promise<void> {
  if (await page.locator(t('library-panel')).count()) await page.click(t('library-close'));
}

/** Drop a file on the canvas as the browser does (harness.ts). */
const dropFile = dropFileOnCanvas;

const graphName = (page: Page) => page.inputValue(t('graph-name'));

describe('the graph library', () => {
  it('keeps a graph across a reload', async () => {
    const page = await openEditor();
    expect(await libraryNames(page)).toEqual(['DDPM on eight Gaussians']);
    await closeLibrary(page);
    await addNoiseNode(page);
    // Its own saves are not news from another tab.
    expect(await page.locator(t('external-change')).count()).toBe(0);
    await page.reload();
    await libraryReady(page);
    await page.waitForSelector(t('node-normal'));
    expect(await nodeIds(page)).toContain('normal');
    // Reopened, not stored again.
    expect(await libraryNames(page)).toEqual(['DDPM on eight Gaussians']);
  });

  it('exports, deletes (with undo), and imports the file by drop: the graph is back and runs', async () => {
    const page = await openEditor();
    await addNoiseNode(page);
    const nodes = await nodeIds(page);

    await page.click(t('share-toggle'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(t('export-json'))]);
    expect(download.suggestedFilename()).toBe('ddpm-on-eight-gaussians.json');
    const text = await readFile((await download.path())!, 'utf8');
    const exported = JSON.parse(text);
    expect(exported.nodes.map((n: { id: string }) => n.id).sort()).toEqual(nodes);
    expect(exported.weights).toBeUndefined();
    await page.keyboard.press('Escape');

    // Delete, undo: back and open again.
    await libraryNames(page);
    await page.hover(t('library-item'));
    await page.click(`${t('library-item')} ${t('library-delete')}`);
    await page.waitForSelector(t('undo-toast'));
    expect(await graphName(page)).toBe('Untitled graph');
    expect(await libraryNames(page)).toEqual(['Untitled graph']);
    await page.click(t('undo-delete'));
    await page.waitForSelector(t('node-normal'));
    expect(await graphName(page)).toBe('DDPM on eight Gaussians');
    // Restored as it was (its edit time unchanged), so it may sort either side of the new one.
    expect((await libraryNames(page)).sort()).toEqual(['DDPM on eight Gaussians', 'Untitled graph']);

    // Delete for real, then import the exported file by dropping it on the canvas.
    await page.hover(`${t('library-item')}[data-name="DDPM on eight Gaussians"]`);
    await page.click(`${t('library-item')}[data-name="DDPM on eight Gaussians"] ${t('library-delete')}`);
    await page.waitForFunction(() => !document.querySelector('[data-testid="node-normal"]'));
    expect(await libraryNames(page)).toEqual(['Untitled graph']);
    await closeLibrary(page);
    await dropFile(page, 'ddpm-on-eight-gaussians.json', text);
    await page.waitForSelector(t('node-normal'));
    expect(await nodeIds(page)).toEqual(nodes);
    // A new graph: the deleted one keeps its name in the trash, so the import is "(2)".
    expect(await graphName(page)).toBe('DDPM on eight Gaussians (2)');
    expect((await libraryNames(page)).sort()).toEqual(['DDPM on eight Gaussians (2)', 'Untitled graph']);
    await closeLibrary(page);

    await page.click(t('run-all'));
    await page.waitForSelector(`${t('run-status')}:not([data-status=running]):not([data-status=idle])`, { timeout: 120_000 });
    expect(await page.getAttribute(t('run-status'), 'data-status')).toBe('done');
    expect(Number(await page.getAttribute(t('node-value-swd-value'), 'data-value'))).toBeGreaterThan(0);
  });

  it('refuses a bad file with every problem and its JSON path, and stores nothing', async () => {
    const page = await openEditor();
    const bad = {
      format: 'diffusion-graph-lab/graph',
      version: 1,
      name: 'Broken',
      nodes: [{ id: 'a', type: 'noise/nope', typeVersion: 1, params: {}, position: { x: 0, y: 0 } }],
      edges: [{ id: 'e', source: 'a', sourcePort: 'x', target: 'ghost', targetPort: 'x' }],
    };
    await dropFile(page, 'broken.json', JSON.stringify(bad));
    await page.waitForSelector(t('import-issues'));
    const issues = await page.locator(t('import-issue')).evaluateAll((els) => els.map((e) => `${e.getAttribute('data-code')} ${e.querySelector('code')?.textContent}`));
    expect(issues).toEqual(expect.arrayContaining(['unknown-type $.nodes[0].type', expect.stringMatching(/^dangling-edge \$\.edges\[0\]/)]));
    await page.keyboard.press('Escape');
    await page.waitForSelector(t('import-issues'), { state: 'detached' });
    expect(await libraryNames(page)).toEqual(['DDPM on eight Gaussians']);
    expect(await graphName(page)).toBe('DDPM on eight Gaussians');
  });

  it('opens a share link as a new graph, on load and in an open tab', async () => {
    const page = await openEditor();
    await addNoiseNode(page);
    await page.click(t('share-toggle'));
    await page.click(t('share-link'));
    const url = await page.inputValue(t('share-link-url'));
    expect(url).toMatch(/#graph=[A-Za-z0-9_-]+$/);

    // In this tab: only the fragment changes.
    await page.goto(url);
    await page.waitForFunction(() => (document.querySelector('[data-testid="graph-name"]') as HTMLInputElement).value.endsWith('(2)'));
    expect(await nodeIds(page)).toContain('normal');
    expect(await page.evaluate(() => location.hash)).toBe('');

    // A fresh profile loading the link: the only graph in its library.
    const other = await openEditor(url.slice(lab.server.url.length));
    await other.waitForSelector(t('node-normal'));
    expect(await graphName(other)).toBe('DDPM on eight Gaussians');
    expect(await libraryNames(other)).toEqual(['DDPM on eight Gaussians']);
    expect(await other.evaluate(() => location.hash)).toBe('');
  });

  it('tells a tab when another tab saved the same graph, and loads that version', async () => {
    const page = await openEditor();
    const other = await lab.session.context.newPage();
    await other.setViewportSize({ width: 1600, height: 1000 });
    await other.goto(lab.server.url);
    await libraryReady(other);
    await other.waitForSelector(t('node-ddpm'));
    await addNoiseNode(other);
    await page.bringToFront();
    await page.waitForSelector(t('external-change'));
    expect(await nodeIds(page)).not.toContain('normal');
    await page.click(t('external-load'));
    await page.waitForSelector(t('node-normal'));
    await page.waitForSelector(t('external-change'), { state: 'detached' });
    await other.close();
  });

  it('opens an example from the gallery as a private copy', async () => {
    const page = await openEditor();
    await page.click(t('library-toggle'));
    await page.click(t('library-tab-examples'));
    const gallery = await page.locator(`${t('examples-gallery')} button[data-testid^=example-]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(gallery).toEqual(expect.arrayContaining(['example-ddim-8gaussians.json', 'example-smld-annealed-langevin.json', 'example-lessons/02-forward-diffusion.json']));
    await page.screenshot({ path: join(SHOTS, 'library-examples.png') });
    await page.click(t('example-ddim-8gaussians.json'));
    await page.waitForSelector(t('node-sampler'));
    expect(await graphName(page)).toBe('DDIM (50 steps) on eight Gaussians');
    expect(await libraryNames(page)).toEqual(['DDIM (50 steps) on eight Gaussians', 'DDPM on eight Gaussians']);
    await page.screenshot({ path: join(SHOTS, 'library-panel.png') });
  });
});
