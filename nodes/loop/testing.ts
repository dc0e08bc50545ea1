import type * as tf from '@tensorflow/tfjs';
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
