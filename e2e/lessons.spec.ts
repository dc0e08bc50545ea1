/**
 * Lessons in Debian Chromium against the built app: the Lessons panel lists graphs/lessons
 * in order; lesson 7 opens as a private copy with its notes beside the canvas (a click
 * centres the canvas on one); it runs; the compare view puts its samplers side by side
 * with engine-computed metrics; the trajectory slider moves every compared view to the
 * same t, over the score field of that t. Screenshots go to e2e/screenshots/lesson7-*.png.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SHOTS, useLabSession } from './harness';

const t = (id: string) => `[data-testid="${id}"]`;
const LESSON_FILES = readdirSync(join(ROOT, 'graphs', 'lessons')).filter((f) => f.endsWith('.json'));
/** The samplers of lesson 7 (graphs/lessons/07-sdes.json). */
const SAMPLERS = ['ddpm', 'sde', 'sde2', 'ode', 'ode2', 'veSde', 'veOde'];

const lab = useLabSession({ beforeAll, afterAll, afterEach }, { editor: true, screenshots: true });
let page: Page;

beforeAll(() => {
  page = lab.page;
});

/** Set the range input as a user's drag would end (React listens to 'input'). */
async function setSlider(position: number): Promise<void> {
  await page.locator(t('scrub-slider')).evaluate((el, v) => {
    const input = el as HTMLInputElement;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, String(v));
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, position);
}

/** data-t of the scrubber and of every compared view, once every view's score field has arrived. */
async function viewTimes(): Promise<{ slider: string; views: Record<string, string | null> }> {
  await page.waitForFunction(
    (ids) => ids.every((id) => document.querySelector(`[data-testid="compare-view-${id}"]`)?.getAttribute('data-field') === 'done'),
    SAMPLERS,
    { timeout: 60_000 },
  );
  const slider = (await page.getAttribute(t('scrub-t'), 'data-t'))!;
  const views: Record<string, string | null> = {};
  for (const id of SAMPLERS) views[id] = await page.getAttribute(t(`compare-view-${id}`), 'data-t');
  return { slider, views };
}

describe('lessons', () => {
  it('lists every lesson file in order, and opens lesson 7 as a copy with its notes beside the canvas', async () => {
    await page.click(t('lessons-toggle'));
    await page.waitForSelector(t('lessons-list'));
    const listed = await page.locator('[data-lesson]').evaluateAll((els) => els.map((e) => e.getAttribute('data-lesson')));
    const byNumber = [...LESSON_FILES].sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
    expect(listed).toEqual(byNumber);
    await page.screenshot({ path: join(SHOTS, 'lessons-panel.png') });

    await page.click(t('lesson-7'));
    await page.waitForSelector(t('reading-pane'));
    // The lesson opens framed on its first note (nodes off screen are not rendered).
    await page.waitForSelector(t('node-intro'), { timeout: 30_000 });
    expect(await page.inputValue(t('graph-name'))).toMatch(/^Lesson 7 · SDEs/);
    // A private copy: it is in the library as a stored graph.
    await page.waitForSelector(`${t('save-status')}[data-state=saved], ${t('save-status')}[data-state=idle]`);
    const notes = await page.locator('[data-testid^="reading-note-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.replace('reading-note-', '')));
    expect(notes).toEqual(['intro', 'reverse', 'compare', 'smld']);
    expect(await page.locator(`${t('reading-note-intro')} .katex`).count()).toBeGreaterThan(3);

    // A click on the last note centres the canvas on it, right of the panel.
    await page.click(`${t('reading-note-smld')} h3`);
    await page.waitForTimeout(600);
    const panel = (await page.locator(t('lessons-panel')).boundingBox())!;
    const canvas = (await page.locator(t('canvas')).boundingBox())!;
    const note = (await page.locator(t('node-smld')).boundingBox())!;
    const middle = (panel.x + panel.width + canvas.x + canvas.width) / 2;
    expect(Math.abs(note.x + note.width / 2 - middle)).toBeLessThan(40);
    expect(note.y).toBeGreaterThan(canvas.y - 1);
    await page.screenshot({ path: join(SHOTS, 'lesson7-notes.png') });
  });

  it('runs lesson 7 and compares its samplers: shared axes, metrics from the engine', async () => {
    await page.click(t('run-all'));
    await page.waitForSelector(`${t('run-status')}[data-status=done]`, { timeout: 240_000 });
    await page.click(t('lessons-close'));
    await page.click(t('compare-toggle'));
    await page.waitForSelector(`${t('compare-metrics')}[data-status=done]`, { timeout: 60_000 });
    for (const id of SAMPLERS) {
      const row = page.locator(t(`metrics-row-${id}`));
      const sw = Number(await row.getAttribute('data-sw'));
      // Lesson 7's claim: every sampler reaches the data (its checks allow SW < 0.2).
      expect(sw, `SW of ${id}`).toBeLessThan(0.2);
      expect(Number(await row.getAttribute('data-mmd')), `MMD² of ${id}`).toBeLessThan(0.01);
    }
    expect(await page.getAttribute(t('metrics-row-ddpm'), 'data-nfe')).toBe('1000');
    expect(await page.getAttribute(t('metrics-row-ode'), 'data-nfe')).toBe('200');
    await page.screenshot({ path: join(SHOTS, 'lesson7-compare-samples.png') });
  });

  it('scrubs the trajectories: every compared sampler at the same t, over that t’s score field', async () => {
    await page.click(t('compare-mode-trajectories'));
    await page.waitForSelector(t('scrub-slider'));

    // A drag with the mouse, as a user scrubs: every view follows to one t.
    const box = (await page.locator(t('scrub-slider')).boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.62, box.y + box.height / 2, { steps: 15 });
    await page.mouse.up();
    const dragged = await viewTimes();
    expect(Number(dragged.slider)).toBeGreaterThan(0.2);
    expect(Number(dragged.slider)).toBeLessThan(0.6);
    for (const id of SAMPLERS) expect(dragged.views[id], id).toBe(dragged.slider);

    for (const position of [0, 500, 800, 950, 1000]) {
      await setSlider(position);
      const { slider, views } = await viewTimes();
      for (const id of SAMPLERS) expect(views[id], `${id} at slider ${position}`).toBe(slider);
      await page.screenshot({ path: join(SHOTS, `lesson7-t-${slider}.png`) });
    }

    // Snap mode: each view at its own snapshot at or after t (the ODE solvers' snapshots differ).
    await page.click(t('toggle-interpolate'));
    await setSlider(500);
    await page.waitForFunction(() => document.querySelector('[data-testid="compare-view-ode2"]')?.getAttribute('data-frames')?.split('-')[0] === document.querySelector('[data-testid="compare-view-ode2"]')?.getAttribute('data-frames')?.split('-')[1]);
    const slider = Number(await page.getAttribute(t('scrub-t'), 'data-t'));
    for (const id of SAMPLERS) expect(Number(await page.getAttribute(t(`compare-view-${id}`), 'data-t')), id).toBeLessThanOrEqual(slider + 1e-4);
    await page.click(t('toggle-interpolate'));
  });
});
