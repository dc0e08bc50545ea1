import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../../../nodes';
import { eightGaussians } from '../../../../nodes/lib/toy2d';
import type { Schedule } from '../../../../nodes/lib/schedule';
import type { OutputSummary } from '../../../engine/api';
import { Executor } from '../../../engine/executor';
import type { GraphFile } from '../../../engine/format';
import { nodeSeed } from '../../../engine/hash';
import { parseGraphFile } from '../../../engine/load';
import { summarizeOutputs } from '../../../../workers/summary';
import { runNode } from '../../../engine/testing';
import { buildFieldGraph, fieldKey, fieldValues, type FieldGrid, type FieldRequest } from './field-graph';
import { buildMetricsGraph, medianDistance, metricNodeOf, metricRows, MMD_PARAMS } from './metrics-graph';

const registry = createRegistry();
const lesson = parseGraphFile(readFileSync(new URL('../../../../graphs/lessons/07-sdes.json', import.meta.url), 'utf8'), registry).graph!;
const executor = new Executor(registry);
const before = tf.memory().numTensors;

afterAll(() => {
  executor.clear();
  // Everything the runs made was owned by the executor's cache.
  expect(tf.memory().numTensors).toBe(before);
});

async function summaries(graph: GraphFile, ids: string[]): Promise<Record<string, OutputSummary[]>> {
  const out: Record<string, OutputSummary[]> = {};
  for (const id of ids) out[id] = await summarizeOutputs(registry.get(graph.nodes.find((n) => n.id === id)!.type)!, executor.outputsOf(id)!);
  return out;
}

/** ∇log p_t of the eight-Gaussian mixture on the path (a, s): Σ_k r_k(x)·(a μ_k − x)/(a²σ_k² + s²), r_k the posterior weights. */
function mixtureScore(x: number, y: number, a: number, s: number): [number, number] {
  const { weights, means, stds } = eightGaussians();
  const terms = means.map(([mx, my], k) => {
    const v = a * a * stds[k] ** 2 + s * s;
    const dx = a * mx - x;
    const dy = a * my - y;
    return { logw: Math.log(weights[k]) - Math.log(v) - (dx * dx + dy * dy) / (2 * v), gx: dx / v, gy: dy / v };
  });
  const top = Math.max(...terms.map((q) => q.logw));
  const r = terms.map((q) => Math.exp(q.logw - top));
  const z = r.reduce((p, q) => p + q, 0);
  return [terms.reduce((p, q, k) => p + (r[k] * q.gx) / z, 0), terms.reduce((p, q, k) => p + (r[k] * q.gy) / z, 0)];
}

async function scheduleOf(type: string): Promise<Schedule> {
  return (await runNode(registry.get(type)!, {}, {})).schedule as Schedule;
}

describe('the score field comes from the engine', () => {
  it('evaluates each sampler’s own predictor and schedule on the grid at t, matching the closed-form mixture score', async () => {
    // The document's nodes upstream run first, as after the user's run.
    expect((await executor.run(lesson, { targets: ['score', 'vp', 've', 'ode'] })).status).toBe('done');
    const grid: FieldGrid = { bounds: [-3, -2, 3, 2], nx: 5, ny: 4 };
    const requests: FieldRequest[] = [
      { predictor: { node: 'score', port: 'predictor' }, schedule: { node: 'vp', port: 'schedule' }, label: 't', t: 0.3 },
      { predictor: { node: 'score', port: 'predictor' }, schedule: { node: 've', port: 'schedule' }, label: 't', t: 0.3 },
      { predictor: { node: 'score', port: 'predictor' }, schedule: { node: 'vp', port: 'schedule' }, label: 't', t: 0.3 }, // a duplicate: one node
    ];
    const built = buildFieldGraph(lesson, requests, grid);
    expect(built.targets).toHaveLength(2);
    const result = await executor.run(built.graph, { targets: built.targets });
    expect(result.status).toBe('done');
    // Nothing of the document re-ran, and only what the field needs went along.
    expect(result.nodes.score.status).toBe('cached');
    expect(result.nodes.vp.status).toBe('cached');
    expect(built.graph.nodes.some((n) => n.id === 'ode')).toBe(false);

    const out = await summaries(built.graph, built.targets);
    for (const [request, type] of [[requests[0], 'schedule/vp'], [requests[1], 'schedule/ve']] as const) {
      const values = fieldValues(out[built.nodeOf.get(fieldKey(request, grid))!], grid)!;
      expect(values).toHaveLength(40);
      const sch = await scheduleOf(type);
      const [a, s] = [sch.a(0.3), sch.s(0.3)];
      let worst = 0;
      for (let j = 0; j < 4; j++) {
        for (let i = 0; i < 5; i++) {
          const [gx, gy] = mixtureScore(-3 + (6 * i) / 4, -2 + (4 * j) / 3, a, s);
          const k = 2 * (j * 5 + i); // row-major, x fastest
          worst = Math.max(worst, Math.abs(values[k] - gx) / (1 + Math.abs(gx)), Math.abs(values[k + 1] - gy) / (1 + Math.abs(gy)));
        }
      }
      // float32 evaluation of a log-sum-exp of 8 terms: relative error ~1e-6; 1e-4 leaves room.
      expect(worst).toBeLessThan(1e-4);
    }
    // The document's results stay cached by content: the sampler run before is found again, not re-run.
    expect((await executor.run(lesson, { targets: ['ode'] })).nodes.ode.status).toBe('cached');
  });
});

describe('the metrics table', () => {
  it('measures each sampler against the reference with one kernel width, row by row; SW is the graph’s own node', async () => {
    await executor.run(lesson, { targets: ['ode', 'sde', 'fresh'] });
    const fresh = executor.outputsOf('fresh')!.x as tf.Tensor2D;
    const h = medianDistance((await fresh.data()) as Float32Array);
    const built = buildMetricsGraph(lesson, ['ode', 'sde'], { node: 'fresh', port: 'x' }, h);
    const result = await executor.run(built.graph, { targets: built.targets });
    expect(result.status).toBe('done');
    expect(result.nodes.ode.status).toBe('cached');
    const rows = metricRows(built.ids, await summaries(built.graph, built.targets));
    // The same metrics run directly on the same tensors, with the seed the executor derives.
    const seed = (p: { seed: number }) => nodeSeed(lesson.seed, p.seed);
    for (const s of ['ode', 'sde']) {
      const x0 = executor.outputsOf(s)!.x0 as tf.Tensor2D;
      // Lesson 7 computes SW of each sampler against `fresh` itself (node `<sampler>Swd`): the table reads that node, no twin.
      const own = metricNodeOf(lesson, 'metric/sliced-wasserstein', { node: s, port: 'x0' }, { node: 'fresh', port: 'x' });
      expect(own).toBe(`${s}Swd`);
      expect(built.graph.nodes.filter((n) => n.type === 'metric/sliced-wasserstein').map((n) => n.id)).toContain(own);
      const swParams = registry.get('metric/sliced-wasserstein')!.params.parse(lesson.nodes.find((n) => n.id === own)!.params) as { seed: number };
      const sw = await runNode(registry.get('metric/sliced-wasserstein')!, { a: x0, b: fresh }, swParams, { seed: seed(swParams) });
      const mmd = await runNode(registry.get('metric/mmd')!, { a: x0, b: fresh }, { ...MMD_PARAMS, bandwidth: h }, { seed: seed(MMD_PARAMS) });
      expect(rows[s].sw).toBeCloseTo(sw.value as number, 10);
      expect(rows[s].mmd).toBeCloseTo(mmd.value as number, 10);
      // Both samplers reach the data (lesson 7's claim): SW within the spread of its data-to-data floor.
      expect(rows[s].sw).toBeLessThan(0.2);
    }
  });

  it('takes the median distance within the reference as the kernel width', () => {
    // Three points on a line: distances 1, 2, 3.
    expect(medianDistance(Float32Array.from([0, 0, 1, 0, 3, 0]))).toBe(2);
    // A unit square: four sides of 1, two diagonals of √2.
    expect(medianDistance(Float32Array.from([0, 0, 1, 0, 0, 1, 1, 1]))).toBe(1);
    // Subsampling keeps an evenly spaced subset: of 1000 points on a line, indices 0, 500 (499.5 rounded), 999: distances 500, 499, 999.
    const line = Float32Array.from({ length: 2000 }, (_, i) => (i % 2 ? 0 : i / 2));
    expect(medianDistance(line, 3)).toBe(500);
  });
});
