import type { Page } from 'playwright-core';
import { launchChromium, openRunPage, type AppServer } from '../../e2e/harness';

/**
 * Run each plan on the engine's run page (run.html) in Chromium: one browser for the plans
 * without WebGPU, one started with --enable-unsafe-webgpu for the others (the flag changes which
 * adapter the page sees, so the two never share a browser). Plans run in order within each.
 */
export async function forEachPlan<P extends { webgpu?: boolean }>(server: AppServer, plans: P[], each: (page: Page, plan: P) => Promise<void>): Promise<void> {
  for (const flag of [false, true]) {
    const mine = plans.filter((p) => !!p.webgpu === flag);
    if (!mine.length) continue;
    const session = await launchChromium({ webgpu: flag });
    try {
      const page = await openRunPage(session, server);
      for (const plan of mine) await each(page, plan);
    } finally {
      await session.close();
    }
  }
}
