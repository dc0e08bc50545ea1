import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../../nodes';
import { ExportError, exportGraph, pythonName } from './export-graph';
import { compareRuns, NO_TORCH, runExported, runLab, torchPython } from './parity';
import { nodeExportSources } from './sources-node';

const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/ddim-tensor.json', import.meta.url), 'utf8')) as { nodes: { id: string; type: string }[] };
const hasTorch = torchPython() !== null;
if (!hasTorch) console.warn(NO_TORCH);

describe('exportGraph', () => {
  it('writes graph.py with one function per node in dependency order, each with its equation, and a README', async () => {
    const files = await exportGraph(fixture, createRegistry(), nodeExportSources());
    expect(Object.keys(files).sort()).toEqual(['README.md', 'graph.py']);
    const script = files['graph.py'] as string;
    const order = ['xT', 'sched', 'data', 'score', 'ddim'].map((id) => script.indexOf(`def n_${id}(`));
    expect(order.every((at) => at > 0)).toBe(true);
    expect(script.indexOf('def n_data(')).toBeLessThan(script.indexOf('def n_score('));
    expect(script).toContain('Reference: Song, Meng & Ermon 2021 (DDIM)');
    expect(script).toMatch(/def n_ddim\(ctx, predictor, schedule, xT\):/);
    expect(files['README.md']).toContain('python3 graph.py --out results');
  });

  it('names a node whose type has no emitter, and why', async () => {
    const sources = nodeExportSources();
    const without = { ...sources, emitter: async (type: string) => (type === 'sampler/ddim' ? undefined : sources.emitter(type)) };
    const err = await exportGraph(fixture, createRegistry(), without).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExportError);
    expect((err as ExportError).problems).toEqual([{ node: 'ddim', message: 'node type sampler/ddim has no PyTorch emitter yet (nodes/sampler/ddim.torch.ts)' }]);
  });

  it('makes Python names of node ids, unique', () => {
    const taken = new Set<string>();
    expect([pythonName('a-b', taken), pythonName('a_b', taken), pythonName('x.0', taken)]).toEqual(['n_a_b', 'n_a_b_2', 'n_x_0']);
  });
});

describe.skipIf(!hasTorch)('the exported script against the lab', () => {
  it('DDIM η = 0 from a fixed x_T on the exact 8-Gaussians score: x0 and the trajectory within 1e-4 relative', { timeout: 120_000 }, async () => {
    const [script, lab] = [await runExported(fixture), await runLab(fixture)];
    expect(script.code, script.output).toBe(0);
    const cmp = compareRuns(lab.arrays, script.arrays);
    expect(cmp.map((c) => c.file).sort()).toEqual(['ddim.trajectory.npy', 'ddim.x0.npy', 'xT.x.npy']);
    for (const c of cmp) expect(c.relError, c.file).toBeLessThan(1e-4);
    expect((script.summary.nodes as Record<string, { outputs: Record<string, unknown> }>).ddim.outputs.nfe).toEqual({ value: 20 });
  });
});
