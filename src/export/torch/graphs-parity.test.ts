import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../../nodes';
import { ExportError, exportGraph } from './export-graph';
import { compareRuns, NO_TORCH, runExported, runLab, torchPython } from './parity';
import { nodeExportSources } from './sources-node';

/**
 * Every example and lesson graph exported and run by Python, against the lab on the same graph and
 * seed (issue 20): the script draws the lab's own random numbers, so every .npy output and every
 * scalar output (metrics, nfe) agrees within 1e-4 relative, stochastic samplers included, and the
 * graph's assertions hold in the script too. Graphs whose node types have no emitter yet are listed.
 */
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../graphs');
function graphFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'recipes' ? [] : graphFiles(full);
    return name.endsWith('.json') ? [full] : [];
  });
}

const hasTorch = torchPython() !== null;
if (!hasTorch) console.warn(NO_TORCH);
const registry = createRegistry();

/**
 * The CI size of a graph (both sides run the same file): training nodes with a `steps` param run at
 * most 40 steps (a series-at reading past that reads step 40: the loss at the end of training), and
 * noise and data draws hold at most 1024 points; a graph with a U-Net (a CPU second for a few dozen
 * digits, on each side) draws at most 8 noise images and 32 data images. Each graph runs in seconds,
 * and every output is still compared.
 */
const CI_STEPS = 40;
type GraphJson = { nodes: { id: string; type: string; params?: Record<string, unknown> }[]; edges?: { source: string; target: string }[] };
function lean(graph: GraphJson): GraphJson {
  const out = structuredClone(graph);
  let trained = false;
  const unet = out.nodes.some((n) => n.type === 'model/unet' || n.type === 'model/pretrained');
  for (const node of out.nodes) {
    const p = (node.params ??= {});
    if (unet && (node.type === 'noise/normal' || node.type === 'noise/prior') && Array.isArray(p.shape)) p.n = Math.min(Number(p.n ?? 8), 8);
    if (unet && node.type === 'data/sample') p.n = Math.min(Number(p.n ?? 8), 8);
    if (node.type.startsWith('train/') && node.type !== 'train/vae') {
      p.steps = Math.min(Number(p.steps ?? CI_STEPS), CI_STEPS);
      trained = true;
    }
    if (node.type === 'noise/normal' || node.type === 'noise/prior' || node.type === 'data/sample') p.n = Math.min(Number(p.n ?? 1024), 1024);
  }
  for (const node of out.nodes) if (trained && node.type === 'metric/series-at' && Number(node.params?.x) > CI_STEPS) node.params!.x = CI_STEPS;
  return out;
}

/**
 * Outputs held to other bounds, each for a stated reason (everything else: 1e-4 relative).
 * - Adaptive RK45 (pf-ode method rk45): its accept/reject decisions turn on an error estimate of
 *   float32 differences, so the two runs may take different steps (nfe within 10%); x0 agrees to the
 *   solver's own accuracy (max(1e-3, 10·rtol) relative; rtol bounds each step's error); its trajectory frames are taken at
 *   the accepted steps, at different times on the two sides, and are not compared.
 * - Differences of nearly equal float32 quantities (metric/difference of two samplers' outputs,
 *   metric/ode-convergence's errors against a reference solution): both sides are right to float32
 *   rounding of their inputs, so these are held to 1e-4 of max(|value|, 1), the inputs' scale; the
 *   fitted order of a solver whose smallest errors reach that rounding to 1e-2.
 * - Stochastic samplers (DDPM's 1000 noisy steps, Langevin, reverse SDE, PC, ancestral, churn, and
 *   loops of such steps): issue 20 asks only that they agree in distribution. They agree number for
 *   number because the script draws the lab's noise, but float32 differences of operation order
 *   accumulate over hundreds of noisy steps (measured up to 9.7e-5 here): held to 1e-3.
 * - Everything downstream of train/vae: its Adam steps amplify float32 differences, so the trained
 *   VAE agrees with the lab's to about 0.5% (measured 6.6e-3 on lesson 1's reconstructions) while its
 *   ELBO agrees within 1e-5: held to 1e-2.
 * - DPS (sampler/dps) and what it feeds: its step ζ′∇‖y − A x̂₀‖ has the unit direction r/‖r‖, which
 *   turns over as the residual nears 0, so over hundreds of levels it amplifies rounding without bound:
 *   in PyTorch alone, x_T scaled by 1 + 1e-7 moves lesson 10's DPS samples by 0.64 of their size
 *   (ΠGDM 6e-6, DDRM 2e-7). Its samples agree in distribution only: x0 and trajectory are not
 *   compared; scalars downstream (the SW distance of its samples) are held to 0.25 relative (lesson 10:
 *   under 0.04 measured).
 *   inverse-parity.test.ts checks DPS number for number on a short chain.
 * - The probability-flow ODE through a U-Net (sampler/pf-ode in a graph with model/unet or
 *   model/pretrained) and what it feeds: one U-Net call agrees within 1.1e-6 and both sides are
 *   within float32 rounding of a float64 evaluation, but the ODE's last step (to t = 10⁻³, σ ≈ 0.01,
 *   where ∂ε̂/∂x ~ 1/σ) grows that rounding 10–30×: measured 2.3e-4…9.5e-4 on lesson 9's Heun-10 at
 *   CI size, where each side is 1e-4…5.5e-4 from the float64 solution and one ulp in x_T moves either
 *   side's own output by up to 3.4e-4 (unet-ode-rounding.test.ts shows it): held to 2e-3. Other samplers'
 *   outputs through a U-Net (DDIM, DDRM, ΠGDM): held to 2e-4, because PyTorch's own float32 DDIM 20 on
 *   lesson 9 is 9e-5 from its float64 result (the lab's 1.3e-5, unet-ode-rounding.test.ts): lab vs
 *   torch measured 8.9e-5 on the step-3110 network and 1.1e-4 on step 4560. Issue 20's 1e-4 is below
 *   PyTorch's own float32 error there.
 * - Classifier-free guidance through a U-Net (a sampler downstream of score/guidance): ε̂_w =
 *   (1 + w) ε̂(x, c) − w ε̂(x, ∅) adds both calls' rounding, (1 + 2w)-fold at worst, and the guided
 *   samples sit where ε̂ is steep. Lesson 10's w = 1 DDIM 20 on the step-11 880 network: PyTorch's own
 *   float32 result is 4.7e-4 from its float64 one, the lab's 4.3e-5, lab vs torch 5.1e-4 (the frames
 *   agree to 2.5e-6 until the last 7 steps, which grow it ~2.5× a step): held to 1e-3.
 */
const STOCHASTIC = new Set(['sampler/ddpm', 'sampler/langevin', 'sampler/annealed-langevin', 'sampler/reverse-sde', 'sampler/pc', 'sampler/euler-ancestral', 'sampler/edm', 'loop/levels']);
function bound(node: GraphJson['nodes'][number] | undefined, port: string, afterVae: boolean, afterDps = false, afterUnetOde = false, afterUnet = false, afterGuidance = false): number {
  if (afterDps && port !== 'nfe') return node?.type === 'sampler/dps' ? Infinity : 0.25;
  if (afterUnetOde && port !== 'nfe') return 2e-3;
  if (afterUnet && afterGuidance && port !== 'nfe' && node?.type?.startsWith('sampler/')) return 1e-3;
  if (afterUnet && port !== 'nfe' && node?.type?.startsWith('sampler/')) return 2e-4;
  if (afterVae) return 1e-2;
  if (node?.params?.method === 'rk45') return port === 'nfe' ? 0.1 : port === 'trajectory' ? Infinity : Math.max(1e-3, 10 * Number(node.params.rtol ?? 1e-5));
  if (node?.type === 'metric/ode-convergence' && port === 'order') return 1e-2;
  if (STOCHASTIC.has(node?.type ?? '') && port !== 'nfe') return 1e-3;
  return 1e-4;
}

/** The ids of the nodes downstream of (and including) nodes of type `type`. */
function downstreamOf(graph: GraphJson, type: string): Set<string> {
  const out = new Set(graph.nodes.filter((n) => n.type === type).map((n) => n.id));
  for (let grown = true; grown; ) {
    grown = false;
    for (const e of graph.edges ?? []) if (out.has(e.source) && !out.has(e.target)) grown = out.add(e.target) !== undefined;
  }
  return out;
}
const ROUNDING_LEVEL = new Set(['metric/ode-convergence', 'metric/difference']);

/** Outputs that are scalars in the summaries: node.port → value. */
function scalars(summary: Record<string, unknown>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [id, entry] of Object.entries(summary.nodes as Record<string, { outputs?: Record<string, { value?: number }> }>))
    for (const [port, o] of Object.entries(entry.outputs ?? {})) if (typeof o.value === 'number') out.set(`${id}.${port}`, o.value);
  return out;
}

describe.skipIf(!hasTorch)('example graphs exported to PyTorch agree with the lab', () => {
  for (const file of graphFiles(root)) {
    const name = path.relative(root, file);
    it(name, { timeout: 600_000 }, async (ctx) => {
      const graph = lean(JSON.parse(readFileSync(file, 'utf8')) as GraphJson);
      const types = new Map(graph.nodes.map((n) => [n.id, n]));
      const afterVae = downstreamOf(graph, 'train/vae');
      const afterDps = downstreamOf(graph, 'sampler/dps');
      const unet = graph.nodes.some((n) => n.type === 'model/unet' || n.type === 'model/pretrained');
      const afterUnetOde = unet ? downstreamOf(graph, 'sampler/pf-ode') : new Set<string>();
      const afterUnet = new Set([...downstreamOf(graph, 'model/unet'), ...downstreamOf(graph, 'model/pretrained')]);
      const afterGuidance = downstreamOf(graph, 'score/guidance');
      try {
        await exportGraph(graph, registry, nodeExportSources());
      } catch (e) {
        if (e instanceof ExportError && e.problems.every((p) => p.message.includes('has no PyTorch emitter yet'))) {
          ctx.skip(`not exportable yet: ${e.message.replace(/\n/g, '; ')}`);
          return;
        }
        throw e;
      }
      const [script, lab] = [await runExported(graph), await runLab(graph)];
      expect(script.code === 0 || script.code === 1, script.output).toBe(true);
      // The same assertions hold (at CI size a lesson's claim may not: then it fails on both sides).
      // Where the two values straddle an assertion's bound, the outcomes may differ: those values are
      // held to their node's bound below like every other scalar, so only such a pair may disagree.
      type Held = { node: string; port: string; ok: boolean; value?: number };
      const [mine0, theirs0] = [script.summary.assertions as Held[], lab.summary.assertions as Held[]];
      expect(mine0.length, script.output).toBe(theirs0.length);
      const straddling = theirs0.filter((a, i) => a.ok !== mine0[i].ok);
      for (const a of straddling) expect(typeof a.value === 'number' && a.port !== 'nfe', `${a.node}.${a.port}: holds in the lab (${a.ok}) but not in the script, and is not a compared value\n${script.output}`).toBe(true);
      if (straddling.length) console.log(`${name}: assertions whose values straddle their bound: ${straddling.map((a) => `${a.node}.${a.port}`).join(', ')}`);
      // Each output's error over its bound: the test holds every ratio below 1 and reports the worst error.
      const worst = { what: '', err: 0, ratio: 0 };
      const strict = { what: '', err: 0 };
      const note = (what: string, err: number, limit: number) => {
        if (err / limit >= worst.ratio) Object.assign(worst, { what, err, ratio: err / limit });
        if (limit === 1e-4 && err >= strict.err) Object.assign(strict, { what, err });
      };
      for (const c of compareRuns(lab.arrays, script.arrays)) note(c.file, c.relError, bound(types.get(c.file.split('.')[0]), c.file.split('.')[1], afterVae.has(c.file.split('.')[0]), afterDps.has(c.file.split('.')[0]), afterUnetOde.has(c.file.split('.')[0]), afterUnet.has(c.file.split('.')[0]), afterGuidance.has(c.file.split('.')[0])));
      const mine = scalars(script.summary);
      for (const [key, want] of scalars(lab.summary)) {
        const got = mine.get(key);
        expect(got, `${key} missing from the script's summary`).toBeTypeOf('number');
        const [id, port] = key.split('.');
        const node = types.get(id);
        const scale = ROUNDING_LEVEL.has(node?.type ?? '') && port !== 'order' ? Math.max(Math.abs(want), 1) : Math.max(Math.abs(want), 1e-6);
        note(key, Number.isNaN(want) && Number.isNaN(got) ? 0 : Math.abs(got! - want) / scale, bound(node, port, afterVae.has(id), afterDps.has(id), afterUnetOde.has(id), afterUnet.has(id), afterGuidance.has(id)));
      }
      console.log(`${name}: max relative error ${strict.err.toExponential(2)} (${strict.what}); nearest its bound: ${worst.what} ${worst.err.toExponential(2)}`);
      expect(worst.ratio, `${worst.what}: error ${worst.err} over its bound`).toBeLessThan(1);
    });
  }
});
