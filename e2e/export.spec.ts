/**
 * Share → "PyTorch script (.zip)" in Debian Chromium against the built app (issue 20): a small graph
 * with the shipped U-Net (2 noise images, DDIM 5 steps) is imported by drop, exported from the Share
 * menu, and the download (playwright's download event) is unzipped with fflate: graph.py,
 * README.md and weights/unet.safetensors are in its folder. When /usr/bin/python3 (or $DGL_PYTHON)
 * has torch, the downloaded graph.py runs and its DDIM samples equal the lab's (`npm run graph` on
 * the same file) within 1e-4 relative. And the way back: a network trained elsewhere (here by the
 * lab's CLI, `--save-weights`) goes into a model node (model/score-mlp) through the inspector's
 * "Load weights…" (the file chooser): the node then shows cached and the graph's numbers are those
 * of `npm run graph -- … --load-weights net=<file>`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeNpy } from '../src/cli/npy';
import { smallTrainingGraph } from '../src/export/torch/python/small-training';
import type { Page } from 'playwright-core';
import { dropFileOnCanvas, ROOT, useLabSession } from './harness';

const t = (id: string) => `[data-testid="${id}"]`;
const node = (id: string, type: string, params: Record<string, unknown>, x: number, y = 0) => ({ id, type, typeVersion: 1, params, position: { x, y } });
const edge = (source: string, sourcePort: string, target: string, targetPort: string) => ({ id: `${source}-${target}-${targetPort}`, source, sourcePort, target, targetPort });

const GRAPH = {
  format: 'diffusion-graph-lab/graph',
  version: 1,
  name: 'Export check',
  seed: 0,
  nodes: [
    node('unet', 'model/pretrained', { name: 'mnist-unet' }, 0, 0),
    node('linear', 'schedule/linear', {}, 0, 250),
    node('xT', 'noise/normal', { n: 2, shape: [28, 28, 1], seed: 2 }, 0, 500),
    node('ddim', 'sampler/ddim', { steps: 5, eta: 0 }, 300),
  ],
  edges: [edge('unet', 'predictor', 'ddim', 'predictor'), edge('linear', 'schedule', 'ddim', 'schedule'), edge('xT', 'x', 'ddim', 'xT')],
};

/** The lab's CLI (`npm run graph`) on a graph file in `work`; its summary. */
function labCli(graph: unknown, name: string, extra: string[] = []): Record<string, unknown> {
  writeFileSync(join(work, `${name}.json`), JSON.stringify(graph));
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'src/cli/main.ts'), join(work, `${name}.json`), '--out', join(work, name), '--quiet', ...extra], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run graph ${name}: exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(readFileSync(join(work, name, 'summary.json'), 'utf8')) as Record<string, unknown>;
}

/** Run the open graph and wait for the run to end; its final status. */
async function runAll(page: Page): Promise<string | null> {
  await page.click(t('run-all'));
  await page.waitForSelector(`${t('run-status')}[data-status=running]`, { timeout: 10_000 }).catch(() => undefined);
  await page.waitForSelector(`${t('run-status')}:not([data-status=running]):not([data-status=idle])`, { timeout: 120_000 });
  return page.getAttribute(t('run-status'), 'data-status');
}

/** A Python with torch and numpy, or null (the run is then skipped, saying so). */
function torchPython(): string | null {
  return [process.env.DGL_PYTHON, '/usr/bin/python3'].filter((p): p is string => !!p).find((py) => spawnSync(py, ['-c', 'import torch, numpy'], { stdio: 'ignore' }).status === 0) ?? null;
}

const lab = useLabSession({ beforeAll, afterAll, afterEach });
const work = mkdtempSync(join(tmpdir(), 'dgl-export-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('Share → PyTorch script', () => {
  it('downloads a .zip with graph.py, README.md and the weights; graph.py gives the lab’s samples', { timeout: 300_000 }, async () => {
    const page = await lab.openEditor();
    await dropFileOnCanvas(page, 'export-check.json', JSON.stringify(GRAPH));
    await page.waitForSelector(t('node-ddim'));
    await page.click(t('share-toggle'));
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click(t('export-torch'))]);
    expect(download.suggestedFilename()).toBe('export-check-pytorch.zip');
    const files = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
    const names = Object.keys(files).sort();
    expect(names).toEqual(expect.arrayContaining(['export-check/graph.py', 'export-check/README.md', 'export-check/weights/unet.safetensors']));
    const script = new TextDecoder().decode(files['export-check/graph.py']);
    expect(script).toMatch(/^def n_ddim\(ctx, predictor, schedule, xT\):/m);
    expect(new TextDecoder().decode(files['export-check/README.md'])).toMatch(/graph\.py/);
    // The weights are the shipped file itself.
    expect(Buffer.from(files['export-check/weights/unet.safetensors']).equals(readFileSync(join(ROOT, 'public/models/mnist-unet.safetensors')))).toBe(true);

    const python = torchPython();
    if (!python) {
      console.warn('export e2e: no python3 with torch and numpy (install python3-torch or set DGL_PYTHON): the downloaded graph.py was not run');
      return;
    }
    for (const [name, bytes] of Object.entries(files)) {
      if (name.endsWith('/')) continue;
      mkdirSync(dirname(join(work, name)), { recursive: true });
      writeFileSync(join(work, name), bytes);
    }
    const ran = spawnSync(python, [join(work, 'export-check/graph.py'), '--out', join(work, 'torch')], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
    expect(ran.status, `${ran.stdout}\n${ran.stderr}`).toBe(0);
    labCli(GRAPH, 'lab');
    const read = (dir: string) => decodeNpy(new Uint8Array(readFileSync(join(work, dir, 'ddim.x0.npy'))));
    const [got, want] = [read('torch'), read('lab')];
    expect(got.shape).toEqual([2, 28, 28, 1]);
    let [diff, scale] = [0, 0];
    for (let i = 0; i < want.data.length; i++) [diff, scale] = [Math.max(diff, Math.abs(got.data[i] - want.data[i])), Math.max(scale, Math.abs(want.data[i]))];
    console.log(`export e2e: the downloaded graph.py's DDIM samples within ${(diff / scale).toExponential(2)} relative of the lab's`);
    expect(diff / scale).toBeLessThan(1e-4);
  });

  it('loads a network trained elsewhere into a model node through the inspector: the node shows cached and the numbers are the CLI’s', { timeout: 300_000 }, async () => {
    // A score MLP (hidden 32, 2 layers) trained 30 steps by the lab's CLI, saved as a model file.
    const file = join(work, 'trained.safetensors');
    labCli(smallTrainingGraph(30), 'train', ['--save-weights', `train=${file}`]);
    // The same network untrained (model/score-mlp, seed 1) read as a predictor: max |ε̂| at 4 points.
    const graph = {
      format: 'diffusion-graph-lab/graph',
      version: 1,
      name: 'Model weights',
      seed: 0,
      nodes: [
        node('net', 'model/score-mlp', { hidden: 32, layers: 2, seed: 1 }, 0, 0),
        node('schedule', 'schedule/linear', { T: 100, betaStart: 0.001, betaEnd: 0.2 }, 0, 300),
        node('points', 'data/tensor', { values: [[0, 0], [1, -2], [2.5, 0.5], [-1, 3]] }, 0, 600),
        node('zero', 'data/tensor', { values: [[0, 0], [0, 0], [0, 0], [0, 0]] }, 600, 600),
        node('trained', 'score/model', {}, 300, 0),
        node('eval', 'score/evaluate', { t: 0.5, as: 'eps' }, 600, 0),
        node('size', 'metric/difference', {}, 900, 300),
      ],
      edges: [edge('net', 'model', 'trained', 'model'), edge('trained', 'predictor', 'eval', 'predictor'), edge('schedule', 'schedule', 'eval', 'schedule'), edge('points', 'x', 'eval', 'x'), edge('eval', 'y', 'size', 'a'), edge('zero', 'x', 'size', 'b')],
    };
    const want = (labCli(graph, 'loaded', ['--load-weights', `net=${file}`]).nodes as Record<string, { outputs: { maxAbs: { value: number } } }>).size.outputs.maxAbs.value;

    const page = await lab.openEditor();
    await dropFileOnCanvas(page, 'model-weights.json', JSON.stringify(graph));
    await page.waitForSelector(t('node-size'));
    expect(await runAll(page)).toBe('done');
    const value = async () => Number(await page.getAttribute(t('node-value-size-maxAbs'), 'data-value'));
    const seeded = await value();
    await page.click(t('node-net'), { position: { x: 30, y: 10 } }); // its title bar: selects it, opens the inspector
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click(t('load-weights'))]);
    await chooser.setFiles(file);
    await page.waitForSelector(`${t('toast')}:has-text("Loaded trained.safetensors into 'net'")`, { timeout: 30_000 });
    expect(await runAll(page)).toBe('done');
    expect(await page.getAttribute(t('status-net'), 'data-status')).toBe('cached');
    const loaded = await value();
    console.log(`export e2e: max |ε̂| ${seeded} with the seeded network, ${loaded} with the loaded one (CLI ${want})`);
    expect(Math.abs(loaded - want)).toBeLessThan(1e-5 * Math.abs(want));
    expect(Math.abs(seeded - want)).toBeGreaterThan(1e-3 * Math.abs(want));
  });
});
