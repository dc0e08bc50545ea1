import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../nodes';
import { selectNodeBackend } from '../src/engine/backend-node';
import type { GraphFile } from '../src/engine/format';
import { EngineService } from './engine-service';
import { summarizeOutputs } from './summary';
import { nodeBackendInfo } from './testing/node-backend';
import { testGraph } from './testing/graphs';

/** The worker API's `estimate` and a run's `largeWork` (issue 16, "cost before running"; issue 17, finding 6). */
const engine = new EngineService({
  registry: createRegistry(),
  selectBackend: (r) => nodeBackendInfo(r, selectNodeBackend),
  summarize: (def, outputs) => summarizeOutputs(def, outputs),
});

/** The VE example (annealed and plain Langevin on the NCSN mixture) with its prior's n and the annealed sampler's steps per level set. */
function veGraph(n: number, stepsPerLevel = 100): GraphFile {
  const g = JSON.parse(readFileSync(new URL('../graphs/smld-annealed-langevin.json', import.meta.url), 'utf8')) as GraphFile;
  const params: Record<string, Record<string, unknown>> = { prior: { n }, sampler: { stepsPerLevel } };
  return { ...g, nodes: g.nodes.map((node) => (params[node.id] ? { ...node, params: { ...node.params, ...params[node.id] } } : node)) };
}

describe('EngineService.estimate', () => {
  it('estimates the VE graph at prior n = 200 000 and 1000 steps a level past the soft bound, naming the sampler with its time in words', async () => {
    const big = await engine.estimate(veGraph(200_000, 1000));
    expect(big.level).toBe('soft');
    expect(big.nodes.filter((n) => n.level === 'soft').map((n) => n.node)).toEqual(['sampler']);
    // 20 levels × 1000 steps × 2·10⁵ points × 2 coordinates × 1000 FLOP = 8e12 FLOP, 800 s at 1e10 FLOP/s.
    expect(big.nodes.find((n) => n.node === 'sampler')).toMatchObject({ short: '≈ 13 min · 37 MiB', message: expect.stringMatching(/^node 'sampler' \(sampler\/annealed-langevin\) would need 8\.0e\+12 FLOP \(about 13 min here\), over the confirmation bound of 3\.0e\+12 FLOP/) });
    expect((await engine.estimate(veGraph(2000))).level).toBe('ok');
  });

  it('estimates only what the targets need', async () => {
    const r = await engine.estimate(veGraph(200_000, 1000), ['plain']);
    expect(r.nodes.map((n) => n.node)).not.toContain('sampler');
    expect(r).toMatchObject({ level: 'ok', nodes: expect.arrayContaining([expect.objectContaining({ node: 'plain', short: '≈ 40 s · 37 MiB' })]) });
  });

  it('an invalid graph estimates nothing (its run reports the problems)', async () => {
    expect(await engine.estimate({ format: 'diffusion-graph-lab/graph', version: 1, name: 'bad', nodes: [{ id: 'a b' }], edges: [] } as never)).toEqual({ nodes: [], level: 'ok' });
  });

  it("a run with largeWork 'refuse' fails the node past the soft bound before it allocates anything", async () => {
    await engine.init('wasm');
    const before = tf.memory().numTensors;
    // 150 000 × 2048 floats: 1.1 GiB, past the 1 GiB confirmation bound.
    const graph = testGraph([{ id: 'noise', type: 'noise/normal', typeVersion: 1, params: { n: 150_000, dim: 2048 } }]);
    const reply = await engine.run({ runId: 'big', graph, largeWork: 'refuse' }, () => undefined);
    expect(reply).toMatchObject({ status: 'error', error: { node: 'noise', code: 'too-large', message: expect.stringMatching(/1\.1 GiB of memory, over the confirmation bound of 1\.0 GiB; confirm to run it/) } });
    expect(tf.memory().numTensors).toBe(before);
  });
});
