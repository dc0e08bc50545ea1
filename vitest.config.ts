import { defineConfig } from 'vitest/config';
import { nodeManifestPlugin } from './src/manifest/vite-plugin';

export default defineConfig({
  // Editor modules import the node manifest (virtual:node-manifest) as in the app.
  plugins: [nodeManifestPlugin()],
  test: {
    include: ['src/**/*.test.ts', 'nodes/**/*.test.ts', 'workers/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts', 'graphs/**/*.test.ts'],
    setupFiles: ['src/engine/test-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default (cores − 1) is one worker on the project's 2-core machines: the suite then ran
    // its ~570 s of tests one file after another (786 s wall). Two forks use both cores.
    maxWorkers: 2,
  },
});
