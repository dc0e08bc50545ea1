import { defineConfig } from 'vitest/config';

/** Browser tests (scripts/e2e.mjs): playwright-core driving Chromium against the built app. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.spec.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One browser at a time: the machines have two cores, and timings (long tasks) matter.
    fileParallelism: false,
  },
});
