// `npm test`: everything CI checks, in order: types, lint, unit tests (engine, nodes,
// example graphs through the CLI runner), then the browser tests in Debian Chromium.
import { spawnSync } from 'node:child_process';
import { ensureChromium } from './ensure-chromium.mjs';
import { ensureTorch } from './ensure-torch.mjs';

const steps = [
  ['prepare data', 'node', ['scripts/prepare-data.mjs']],
  ['typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['lint', 'npx', ['eslint', '.']],
  ['unit tests', 'npx', ['vitest', 'run']],
  ['browser tests', 'node', ['scripts/e2e.mjs']],
];

const only = process.argv[2];
for (const [name, cmd, args] of steps) {
  if (only && only !== name) continue;
  if (name === 'browser tests') ensureChromium();
  if (name === 'unit tests') ensureTorch();
  console.log(`\n[test] ${name}: ${cmd} ${args.join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`[test] ${name} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
  console.log(`[test] ${name} passed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
