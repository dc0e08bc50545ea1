/**
 * Lesson 10 in Debian Chromium against the built app at 1440×900: it opens from the Lessons panel,
 * runs (the 2-D exact posterior, then the MNIST restorations and guided digits with the shipped
 * U-Net), every check passes, and the restored digits are drawn: each restored grid is digits
 * (mostly black background), while the masked input's hidden half is flat grey (y = 0 there).
 * The screenshot goes to e2e/screenshots/ui-lesson-10.png (ui.spec leaves lesson 10 to this spec).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SHOTS, useLabSession } from './harness';

const LESSON = JSON.parse(readFileSync(join(ROOT, 'graphs', 'lessons', '10-inverse-problems.json'), 'utf8')) as { assertions: unknown[] };
const t = (id: string) => `[data-testid="${id}"]`;

const lab = useLabSession({ beforeAll, afterAll, afterEach }, { screenshots: true });

/** The grey level of every grey pixel of a canvas: the images' pixels (the plot background #11151c is not grey). */
async function greys(page: Page, selector: string): Promise<number[]> {
  return page.locator(selector).evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const rgba = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const out: number[] = [];
    for (let i = 0; i < rgba.length; i += 4) if (rgba[i] === rgba[i + 1] && rgba[i] === rgba[i + 2]) out.push(rgba[i]);
    return out;
  });
}
const fraction = (values: number[], keep: (v: number) => boolean) => values.filter(keep).length / values.length;
/** −1 is drawn black, 0 as grey 127 or 128 (view/images: round(127.5 (v + 1))). */
const black = (v: number) => v < 40;
const midGrey = (v: number) => v >= 120 && v <= 135;

describe('lesson 10: inverse problems and guidance', () => {
  it('runs, passes every check and shows the restored digits', { timeout: 600_000 }, async () => {
    const page = await lab.openEditor({ width: 1440, height: 900, timeout: 90_000 }); // 40 s measured at load 25
    await page.click(t('lessons-toggle'));
    await page.click(t('lesson-10'));
    await page.waitForSelector(t('reading-pane'));
    await page.waitForFunction(() => (document.querySelector('[data-testid="graph-name"]') as HTMLInputElement | null)?.value.startsWith('Lesson 10 ·'));

    await page.click(t('run-all'));
    await page.waitForSelector(`${t('run-status')}[data-status=running]`, { timeout: 10_000 }).catch(() => undefined);
    await page.waitForSelector(`${t('run-status')}:not([data-status=running]):not([data-status=idle])`, { timeout: 540_000 });
    expect(await page.getAttribute(t('run-status'), 'data-status')).toBe('done');
    const checks = page.locator(`${t('results-panel')} ${t('checklist')}`);
    const failing = await checks.locator('[data-state]:not([data-state=pass])').allTextContents();
    expect(failing).toEqual([]);
    expect(await checks.getAttribute('data-pass')).toBe(String(LESSON.assertions.length));

    // Restored digits: 32 images each, mostly black background (real digits are about 80% black).
    for (const id of ['inpaintView', 'blurView', 'srView', 'truthView']) {
      const drawn = await greys(page, t(`result-plot-${id}`));
      expect(drawn.length, id).toBeGreaterThan(1000);
      expect(fraction(drawn, black), id).toBeGreaterThan(0.5);
    }
    // The masked input's lower half is y = 0, flat grey; its restoration fills it in.
    const masked = fraction(await greys(page, t('result-plot-inpaintYView')), midGrey);
    const restored = fraction(await greys(page, t('result-plot-inpaintView')), midGrey);
    expect(masked).toBeGreaterThan(0.3);
    expect(restored).toBeLessThan(0.1);

    // The restored digits large in the inspector, beside the notes and their checklist.
    await page.click(`${t('result-inpaintView')} .result-head`);
    await page.locator(t('result-inpaintView')).evaluate((el) => el.scrollIntoView({ inline: 'start', block: 'nearest' }));
    await page.locator(`${t('reading-pane')} ${t('checklist')}`).scrollIntoViewIfNeeded();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(SHOTS, 'ui-lesson-10.png') });
  });
});
