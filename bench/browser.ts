// `npm run bench:browser` [-- --quick] [--no-build] [--out FILE] [--only load|unet] [--backends wasm,webgl,…] [--dist DIR] [--before DIR] [--cold-runs N]
// The browser half of the benchmarks (see bench/README.md), in Debian Chromium headless via
// playwright-core against the production build: bundle size, time to an interactive editor,
// frame times while panning a 300-node graph, the DDPM graph on every backend, and main-thread
// long tasks during a 1000-step run. Adds a `browser` section to bench/results.json.
// `--only load` measures the bundle and cold loads alone, `--only unet` the bundle and the U-Net cases
// (issue 15: a training step and DDIM on wasm, webgl and webgpu); `--dist DIR` measures another build
// and implies --no-build; `--before DIR` adds another build's cold loads (e.g. an older
// commit's: `git worktree add /tmp/old <commit>`, node_modules linked, `npx vite build
// --outDir /tmp/old-dist`), alternating with this build's runs, for a before/after on the
// same machine at the same load.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ROOT, startPreview } from '../e2e/harness';
import { benchBrowserBackends, type BackendPlan, type BrowserBackendRun } from './browser/backends';
import { bundleStats, type BundleStats } from './browser/bundle';
import { benchColdLoad, type ColdLoadStats } from './browser/cold-load';
import { benchEditor, type EditorStats } from './browser/editor';
import { benchBrowserUnet, peakLabel, type BrowserUnetRun, type UnetPlan } from './browser/unet';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    out: { type: 'string', default: fileURLToPath(new URL('./results.json', import.meta.url)) },
    only: { type: 'string' },
    dist: { type: 'string' },
    'cold-runs': { type: 'string', default: '5' },
    before: { type: 'string' },
    backends: { type: 'string' },
  },
});
const onlyLoad = values.only === 'load';
const onlyUnet = values.only === 'unet';
const dist = values.dist ?? join(ROOT, 'dist');

export interface BrowserResults {
  startedAt: string;
  chromium: string;
  buildSeconds?: number;
  bundle: BundleStats;
  coldLoad?: ColdLoadStats;
  /** The --before build's cold loads, measured alternately with coldLoad's. */
  coldLoadBefore?: ColdLoadStats;
  editor?: EditorStats;
  editorError?: string;
  backends: BrowserBackendRun[];
  /** U-Net training and DDIM per backend (issue 15). */
  unet: BrowserUnetRun[];
  notes: string[];
}

const log = (line: string) => console.log(line);
/** Thrown past the remaining cases under --only load. */
class LoadOnly extends Error {}
const notes: string[] = [];
const chromiumVersion = spawnSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? 'unknown';

let buildSeconds: number | undefined;
if (values.dist) notes.push(`measured the build in ${values.dist}`);
else if (!values['no-build'] || !existsSync(join(ROOT, 'dist', 'index.html'))) {
  log('[bench:browser] building the app (npm run build)…');
  const t0 = performance.now();
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) {
    console.error('[bench:browser] the build failed');
    process.exit(1);
  }
  buildSeconds = (performance.now() - t0) / 1000;
} else notes.push('--no-build: measured the dist/ already there');

const n = 4096;
const plans: BackendPlan[] = [
  { backend: 'wasm', steps: values.quick ? 200 : 1000 },
  { backend: 'webgl', steps: values.quick ? 20 : 100 },
  { backend: 'cpu', steps: values.quick ? 5 : 20 },
  { backend: 'webgpu', steps: values.quick ? 3 : 10, webgpu: true },
];
// The U-Net cases: the Node case's sizes on WASM (batch 64; DDIM 50 for 64 digits), fewer steps on
// WebGL, and a token size on the software WebGPU adapter (a path check: a 64-digit U-Net call
// there takes minutes).
// On WebGL (SwiftShader's software GL here) a batch-64 training step ran over 8 minutes: 8 images there.
const q = values.quick;
const unetPlans: UnetPlan[] = [
  { backend: 'wasm', case: 'train', batch: 64, steps: q ? 1 : 3 },
  { backend: 'wasm', case: 'ddim', batch: 64, steps: q ? 5 : 50 },
  { backend: 'webgl', case: 'train', batch: 8, steps: 1 },
  { backend: 'webgl', case: 'ddim', batch: 8, steps: 2 },
  { backend: 'webgpu', case: 'train', batch: 8, steps: 1, webgpu: true },
  { backend: 'webgpu', case: 'ddim', batch: 8, steps: q ? 1 : 2, webgpu: true },
];
/** `--backends a,b`: only these backends' plans (backend and U-Net cases). */
const only = values.backends?.split(',');
const wanted = <P extends { backend: string }>(list: P[]) => (only ? list.filter((p) => only.includes(p.backend)) : list);
// Without a GPU, Chromium's WebGPU is the SwiftShader fallback: a U-Net training step of 8 digits took
// 473 s there (bench/README.md §5), so its U-Net plans run only when asked for by name.
const unetWanted = only?.includes('webgpu') ? wanted(unetPlans) : wanted(unetPlans).filter((p) => p.backend !== 'webgpu');
if (!only?.includes('webgpu')) notes.push('U-Net on WebGPU skipped: without a GPU it runs on the software adapter (~8 min a training step of 8 digits); --backends webgpu runs it');

/** What index.html may run before it starts the engine worker (issue 14). */
const ENTRY_LIMIT = 600_000;

const results: BrowserResults = { startedAt: new Date().toISOString(), chromium: chromiumVersion, buildSeconds, bundle: bundleStats(dist), backends: [], unet: [], notes };
const server = await startPreview(dist);
const before = values.before ? await startPreview(values.before) : undefined;
try {
  if (onlyUnet) {
    log('  U-Net: training step and DDIM (issue 15)');
    results.unet = await benchBrowserUnet(server, unetWanted, log);
    throw new LoadOnly();
  }
  log(`  cold load: fresh profiles, navigation to a usable canvas${before ? `, alternating with ${values.before}` : ''}`);
  const builds = [{ label: values.dist ?? 'dist', server }, ...(before ? [{ label: values.before!, server: before }] : [])];
  [results.coldLoad, results.coldLoadBefore] = await benchColdLoad(builds, Number(values['cold-runs']), () => loadavg()[0]);
  if (onlyLoad) throw new LoadOnly();
  log('  editor: time to interactive, 300-node pan');
  try {
    results.editor = await benchEditor(server, 60);
  } catch (e) {
    results.editorError = (e as Error).message;
    log(`    editor: ${results.editorError}`);
  }
  log(`  backends: DDPM on ${n} points, exact 8-Gaussians score`);
  results.backends = await benchBrowserBackends(server, n, wanted(plans), log);
  log('  U-Net: training step and DDIM (issue 15)');
  results.unet = await benchBrowserUnet(server, unetWanted, log);
} catch (e) {
  if (!(e instanceof LoadOnly)) throw e;
} finally {
  await server.close();
  await before?.close();
}

const kib = (b: number) => `${(b / 1024).toFixed(0)} KiB`;
const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '–');
const f2 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(2));
const b = results.bundle;
const lines = [
  '',
  `Browser benchmarks, ${results.startedAt}; ${results.chromium}, headless${buildSeconds ? `; build ${buildSeconds.toFixed(0)} s` : ''}`,
  `bundle: ${kib(b.totalBytes)} in dist/ (${kib(b.totalGzipBytes)} gzip); index.html loads ${kib(b.initial.bytes)} (${kib(b.initial.gzipBytes)} gzip): ${b.initial.files.join(', ')}`,
  `  by kind: ${Object.entries(b.byKind)
    .sort((x, y) => y[1].bytes - x[1].bytes)
    .map(([k, v]) => `${k} ${kib(v.bytes)} (${kib(v.gzipBytes)} gz)`)
    .join(', ')}`,
  `  largest: ${b.largest.map((x) => `${x.file} ${kib(x.bytes)}`).join(', ')}`,
  `  before the worker starts, the page runs ${kib(b.entry.bytes)} of JavaScript (${kib(b.entry.gzipBytes)} gzip; ${b.entry.bytes < ENTRY_LIMIT ? 'under' : 'NOT under'} the ${ENTRY_LIMIT / 1000} KB limit): ${b.entry.files.join(', ')}`,
  `  the canvas waits for ${kib(b.canvas.bytes)} of JavaScript (${kib(b.canvas.gzipBytes)} gzip): ${b.canvas.files.join(', ')}`,
];
const coldLine = (c: ColdLoadStats) =>
  `  ${c.label}: canvas usable at ${f0(c.canvasMs)} ms, worker started at ${f0(c.workerStartMs)} ms, engine ready at ${f0(c.engineReadyMs)} ms (medians of ${c.runs}; canvas ${c.all.map((r) => `${f0(r.canvasMs)}@${r.load.toFixed(1)}`).join(', ')} ms@load)`;
if (results.coldLoad) lines.push('cold load (fresh profile, from navigation; the load average is the machine\'s when each run began):', coldLine(results.coldLoad));
if (results.coldLoadBefore) lines.push(coldLine(results.coldLoadBefore), `  this build / before: ${(results.coldLoad!.canvasMs / results.coldLoadBefore.canvasMs).toFixed(2)}× (medians)`);
const e = results.editor;
if (onlyLoad || onlyUnet) lines.push(`(--only ${values.only}: ${onlyLoad ? 'editor, backend and U-Net' : 'cold load, editor and backend'} cases skipped)`);
else if (e) {
  lines.push(
    `editor: interactive (default graph on screen) at ${e.timeToInteractiveMs.toFixed(0)} ms from navigation (DOMContentLoaded ${e.domContentLoadedMs.toFixed(0)} ms, load ${e.loadMs.toFixed(0)} ms${e.firstContentfulPaintMs ? `, first paint ${e.firstContentfulPaintMs.toFixed(0)} ms` : ''})`,
    `  paste of ${e.graphNodes} nodes: ${e.pasteMs.toFixed(0)} ms to the second frame after it; after fitting the view, ${e.renderedNodes} nodes rendered`,
    `  panning: ${e.pan.frames} frames in ${e.pan.seconds.toFixed(2)} s (${e.pan.fps.toFixed(0)} fps); frame interval median ${f2(e.pan.medianMs)} ms, p95 ${f2(e.pan.p95Ms)} ms, max ${f2(e.pan.maxMs)} ms; ${e.pan.over33ms} over 33 ms; ${e.pan.longAnimationFrames} long animation frames (longest ${e.pan.longestAnimationFrameMs.toFixed(0)} ms)`,
  );
} else lines.push(`editor: pending (${results.editorError})`);
if (!onlyLoad && !onlyUnet) lines.push('backends (sampler node, second run from a cleared cache; first run includes start-up):');
for (const r of results.backends) {
  const soft = r.info.fallbackAdapter ? ' [software adapter: SwiftShader, not a GPU]' : '';
  lines.push(
    `  ${r.requested.padEnd(6)} → ${(r.backend || '–').padEnd(6)} ${f2(r.msPerStep).padStart(8)} ms/step over ${r.steps} steps, first run ${f2(r.firstSeconds)} s, long tasks ${r.longTasks}${r.longTasks ? ` (longest ${r.longestTaskMs.toFixed(0)} ms)` : ''}${soft}${r.error ? `; error: ${r.error}` : ''}`,
    `           ${r.reason}${r.info.threads !== undefined ? ` (SIMD ${r.info.simd}, threads ${r.info.threads})` : ''}`,
  );
}
if (results.unet.length)
  lines.push("U-Net (issue 15; node seconds per step, second run from a cleared cache; tensors: the worker's, cache cleared, before → after; peak: the worker's high-water mark during that run, absolute, as in the Node memory table):");
for (const r of results.unet) {
  const mem = r.memoryBefore && r.memoryAfter ? `${r.memoryBefore.numTensors} → ${r.memoryAfter.numTensors}` : '–';
  const what = r.case === 'train' ? `training step, batch ${r.batch}` : `DDIM, ${r.batch} digits`;
  lines.push(`  ${r.backend.padEnd(6)} → ${(r.ran || '–').padEnd(6)} ${what.padEnd(26)} ${f2(r.secondsPerStep).padStart(8)} s/step over ${r.steps}, first run ${f2(r.firstSeconds)} s, tensors ${mem}, ${peakLabel(r)}${r.fallbackAdapter ? ' [software adapter]' : ''}${r.error ? `; error: ${r.error}` : ''}`);
}
for (const note of notes) lines.push(`note: ${note}`);
for (const line of lines) console.log(line);

// results.json keeps the Node run; the browser figures go under its `browser` key.
const readJson = (path: string): Record<string, unknown> => {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
};
const merged = readJson(values.out);
merged.browser = results;
writeFileSync(values.out, JSON.stringify(merged, null, 2) + '\n');
console.log(`\nwrote the browser section of ${values.out}`);
