// `npm run test:e2e`: the browser tests (e2e/**/*.spec.ts) in Debian Chromium against
// the production build. Builds the app first when dist/ is older than its sources (or
// always with --build; never with --no-build), then runs vitest with vitest.e2e.config.ts.
// Further arguments go to vitest (e.g. a spec file or `-t <name>`).
//   node scripts/e2e.mjs [--build | --no-build] [vitest args…]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureChromium } from './ensure-chromium.mjs';

const SOURCES = ['src', 'nodes', 'workers', 'graphs', 'public', 'index.html', 'run.html', 'vite.config.ts', 'package-lock.json'];
const SKIP = /(^|\/)(node_modules|\.git)$|\.test\.ts$/;

function newest(path) {
  if (!existsSync(path) || SKIP.test(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let t = 0;
  for (const entry of readdirSync(path)) t = Math.max(t, newest(join(path, entry)));
  return t;
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.error) console.error(`[e2e] ${cmd}: ${r.error.message}`);
  return r.status ?? 1;
}

const args = process.argv.slice(2);
const always = args.includes('--build');
const never = args.includes('--no-build');
const vitestArgs = args.filter((a) => a !== '--build' && a !== '--no-build');

ensureChromium();

const built = existsSync('dist/run.html') && existsSync('dist/index.html') ? statSync('dist/run.html').mtimeMs : 0;
const stale = built === 0 || Math.max(...SOURCES.map(newest)) > built;
if (always || (stale && !never)) {
  console.log(`[e2e] building the app (${always ? '--build' : built ? 'dist/ is older than its sources' : 'no dist/ yet'})…`);
  const t0 = Date.now();
  if (run('npm', ['run', 'build']) !== 0) {
    console.error('[e2e] the build failed');
    process.exit(1);
  }
  console.log(`[e2e] built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
} else if (!built) {
  console.error('[e2e] --no-build, but there is no dist/ to test');
  process.exit(1);
}

process.exit(run('npx', ['vitest', 'run', '-c', 'vitest.e2e.config.ts', ...vitestArgs]));
