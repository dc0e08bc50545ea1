import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { nodeManifestPlugin } from './src/manifest/vite-plugin';

/**
 * The two files that run every example graph (graphs.test.ts: ~200–290 s; graphs-parity.test.ts, the
 * same graphs in the lab and in PyTorch: ~200 s) start first, one on each fork, and the ~200 short
 * files fill in beside them. Vitest's default order (by the last run's durations, else by file size)
 * has no durations on a clean clone and started graphs.test.ts last: it then ran alone for minutes
 * (unit tests 681 s instead of ~420 s on 2 cores).
 */
const LONGEST_FIRST = ['graphs/graphs.test.ts', 'src/export/torch/graphs-parity.test.ts'];
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = LONGEST_FIRST.findIndex((name) => f.moduleId.endsWith(name));
      return i < 0 ? LONGEST_FIRST.length : i;
    };
    const rest = await super.sort(files.filter((f) => rank(f) === LONGEST_FIRST.length));
    return [...files.filter((f) => rank(f) < LONGEST_FIRST.length).sort((a, b) => rank(a) - rank(b)), ...rest];
  }
}

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
    sequence: { sequencer: LongestFirst },
  },
});
