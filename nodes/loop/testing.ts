import type * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { allNodeDefs } from '..';
import { compileBody } from '../../src/engine/body';
import { defineNode, type Values } from '../../src/engine/node';
import { testContext, type TestRunOptions } from '../../src/engine/testing';
import { validateGraph } from '../../src/engine/validate';
import { NodeRegistry } from '../../src/engine/registry';
import { failingOn } from '../lib/sampling/testing';
import { GraphFileSchema, type GraphEdge, type GraphFile, type GraphNode } from '../../src/engine/format';
import type { Trajectory } from '../../src/engine/values';

/** Small graphs for the loop tests: exact 8gaussians score, a schedule, prior noise, and the nodes under test. */

export const node = (id: string, type: string, params: Record<string, unknown> = {}): GraphNode => ({ id, type, typeVersion: 1, params, position: { x: 0, y: 0 } });
export const edge = (source: string, sourcePort: string, target: string, targetPort: string): GraphEdge => ({ id: `${source}.${sourcePort}-${target}.${targetPort}`, source, sourcePort, target, targetPort });

/** The inputs every sampler and loop takes: predictor 'score', schedule 'schedule', xT 'prior' (n points, seed 1). */
export function samplerGraph(schedule: GraphNode, n: number, nodes: GraphNode[], options: { scheduleInto?: string[]; seed?: number } = {}): GraphFile {
  const into = nodes.map((s) => s.id);
  return GraphFileSchema.parse({
    format: 'diffusion-graph-lab/graph',
    version: 1,
    name: 'loop test',
    seed: options.seed ?? 0,
    nodes: [node('data', 'data/toy2d', { name: '8gaussians' }), node('score', 'score/analytic'), { ...schedule, id: 'schedule' }, node('prior', 'noise/prior', { n, seed: 1 }), ...nodes],
    edges: [
      edge('data', 'dist', 'score', 'dist'),
      edge('schedule', 'schedule', 'prior', 'schedule'),
      ...into.flatMap((id) => [edge('score', 'predictor', id, 'predictor'), edge('prior', 'x', id, 'xT')]),
      ...(options.scheduleInto ?? into).map((id) => edge('schedule', 'schedule', id, 'schedule')),
    ],
  });
}

export interface SamplerOutputs {
  x0: tf.Tensor2D;
  trajectory: Trajectory;
  nfe: number;
}


/** failingOn as a node, to fail a loop's body mid-run inside a graph. */
export const failingPredictor = defineNode({
  type: 'test/failing-predictor', version: 1, title: 'Failing predictor', category: 'score',
  inputs: {}, outputs: { predictor: 'predictor' },
  params: z.object({ failAt: z.number().int().min(1).max(1e6).default(5) }),
  docs: { summary: 'N(0, 1) data’s exact score, until it throws' },
  run: (_i, p) => ({ predictor: failingOn(p.failAt) }),
});

/** A body node that drops the last point: a loop must refuse a body that changes x's shape. */
export const dropOne = defineNode({
  type: 'test/drop-one', version: 1, title: 'Drop one', category: 'step',
  inputs: { x: 'tensor' }, outputs: { x: 'tensor' },
  params: z.object({}),
  docs: { summary: 'x without its last row' },
  run: (i) => {
    const x = i.x as tf.Tensor2D;
    return { x: x.slice([0, 0], [x.shape[0] - 1, x.shape[1]]) };
  },
});

export function loopTestRegistry(): NodeRegistry {
  return new NodeRegistry([...allNodeDefs, failingPredictor, dropOne]);
}

/**
 * Run a loop node outside the executor, its body compiled as the executor does but without the
 * executor's tensor scope: what the loop leaves behind on error or cancel stays visible.
 */
export async function runLoopNode(loop: GraphNode, inputs: Values, opts: TestRunOptions = {}): Promise<Values> {
  const registry = loopTestRegistry();
  const resolved = validateGraph({ nodes: [loop], edges: [] }, registry).nodes.get(loop.id);
  if (!resolved?.body) throw new Error(`'${loop.id}' is not a valid loop`);
  const ctx = testContext(opts, loop.id);
  ctx.seed = opts.seed ?? 0;
  ctx.body = compileBody(resolved.body, ctx);
  return resolved.def.run(inputs as never, resolved.params, ctx);
}
