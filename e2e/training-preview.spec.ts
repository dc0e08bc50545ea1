/**
 * The training node in the editor (issue 15): a small U-Net trained on digits with previewEvery
 * shows its grid of DDIM samples under the loss curve on the node while it trains; Stop cancels
 * it, and Run continues it (from the state kept in IndexedDB: e2e/stop-continue.spec.ts checks the
 * numbers) to the end, where the node's final loss shows.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dropFileOnCanvas, useLabSession } from './harness';

const t = (id: string) => `[data-testid="${id}"]`;
const n = (id: string, type: string, params: Record<string, unknown>, x: number, y: number) => ({ id, type, typeVersion: 1, params, position: { x, y } });
const e = (source: string, sourcePort: string, target: string, targetPort: string) => ({ id: `${source}.${sourcePort}-${target}.${targetPort}`, source, sourcePort, target, targetPort });
const STEPS = 300;
const graph = {
  format: 'diffusion-graph-lab/graph', version: 1, name: 'Train a small U-Net', seed: 0,
  nodes: [
    n('digits', 'data/mnist', { n: 200, size: 14 }, 0, 0), n('schedule', 'schedule/linear', { T: 100 }, 0, 160),
    n('net', 'model/unet', { height: 14, width: 14, levels: [8, 16], seed: 1 }, 0, 320),
    n('train', 'train/denoising', { steps: STEPS, batch: 8, lr: 3e-3, ema: 0.9, warmup: 2, previewEvery: 20, seed: 2 }, 320, 120),
    n('final', 'metric/series-at', { x: STEPS }, 640, 120),
  ],
  edges: [e('net', 'model', 'train', 'model'), e('digits', 'dist', 'train', 'data'), e('schedule', 'schedule', 'train', 'schedule'), e('train', 'loss', 'final', 'series')],
};

const lab = useLabSession({ beforeAll, afterAll, afterEach });

describe('train/denoising in the editor', () => {
  it('shows its sample grid while training; Stop, then Run continues it to the end', { timeout: 600_000 }, async () => {
    const page = await lab.openEditor();
    await dropFileOnCanvas(page, 'train-unet.json', JSON.stringify(graph));
    if (await page.locator(t('library-panel')).count()) await page.click(t('library-close'));
    await page.waitForSelector(`.react-flow__node[data-id="final"]`);

    await page.click(t('run-all'));
    // The grid of samples appears under the loss curve after the first previewEvery steps (20 of 300: Stop comes long before the end).
    const grid = page.locator(`${t('preview-samples-train')} canvas, canvas${t('preview-samples-train')}`).first();
    await grid.waitFor({ timeout: 300_000 });
    const levels = await grid.evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0) seen.add(data[i] >> 4);
      return seen.size;
    });
    // 16 samples of a U-Net early in training: noise-like, many grey levels (a blank canvas has one or two).
    expect(levels).toBeGreaterThan(4);

    await page.click(t('stop'));
    await page.waitForSelector(`${t('run-status')}[data-status=cancelled]`, { timeout: 120_000 });

    await page.click(t('run-all'));
    await page.waitForSelector(`${t('run-status')}[data-status=running]`, { timeout: 10_000 }).catch(() => undefined);
    await page.waitForSelector(`${t('run-status')}:not([data-status=running]):not([data-status=idle])`, { timeout: 300_000 });
    expect(await page.getAttribute(t('run-status'), 'data-status')).toBe('done');
    const loss = Number(await page.getAttribute(t('node-value-final-value'), 'data-value'));
    // ε-loss of a net that has trained 300 steps: below the untrained 1, above 0.
    expect(loss).toBeGreaterThan(0);
    expect(loss).toBeLessThan(1);
  });
});
