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
 * The CI size of a graph (both sides run the same file): training nodes run at most 40 steps and
 * noise and data draws hold at most 1024 points, so every graph runs in seconds; the numbers
 * compared are still the whole graph's.
 */
function lean(graph: { nodes: { type: string; params?: Record<string, unknown>; body?: unknown }[] }): unknown {
  const out = structuredClone(graph);
  for (const node of out.nodes) {
    const p = (node.params ??= {});
    if (node.type.startsWith('train/')) p.steps = Math.min(Number(p.steps ?? 40), 40);
    if (node.type === 'noise/normal' || node.type === 'noise/prior' || node.type === 'data/sample') p.n = Math.min(Number(p.n ?? 1024), 1024);
  }
  return out;
}

/**
 * Scalars that are differences of nearly equal float32 quantities: errors between two solutions of
 * one ODE (metric/ode-convergence, metric/difference of two samplers' outputs), and the step count
 * of adaptive RK45, whose accept/reject decisions turn on such an error estimate. Both sides are
 * right to float32 rounding of their inputs; these are held to 1e-4 of max(|value|, 1) (their
 * inputs' scale), and an adaptive nfe to 10%.
 */
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
      const graph = lean(JSON.parse(readFileSync(file, 'utf8')) as Parameters<typeof lean>[0]);
      const types = new Map((graph as { nodes: { id: string; type: string; params?: { method?: string } }[] }).nodes.map((n) => [n.id, n]));
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
      const held = (summary: Record<string, unknown>) => (summary.assertions as { ok: boolean }[]).map((a) => a.ok);
      expect(held(script.summary), script.output).toEqual(held(lab.summary));
      const worst = { what: '', err: 0 };
      for (const c of compareRuns(lab.arrays, script.arrays)) if (c.relError >= worst.err) Object.assign(worst, { what: c.file, err: c.relError });
      const mine = scalars(script.summary);
      for (const [key, want] of scalars(lab.summary)) {
        const got = mine.get(key);
        expect(got, `${key} missing from the script's summary`).toBeTypeOf('number');
        const node = types.get(key.split('.')[0]);
        const adaptiveNfe = key.endsWith('.nfe') && node?.params?.method === 'rk45';
        const scale = ROUNDING_LEVEL.has(node?.type ?? '') ? Math.max(Math.abs(want), 1) : Math.max(Math.abs(want), 1e-6);
        if (adaptiveNfe) {
          expect(Math.abs(got! - want) / want, `${key}: adaptive RK45 steps`).toBeLessThan(0.1);
          continue;
        }
        const err = Number.isNaN(want) && Number.isNaN(got) ? 0 : Math.abs(got! - want) / scale;
        if (err >= worst.err) Object.assign(worst, { what: key, err });
      }
      console.log(`${name}: max relative error ${worst.err.toExponential(2)} (${worst.what})`);
      expect(worst.err, worst.what).toBeLessThan(1e-4);
    });
  }
});
