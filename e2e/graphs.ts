import type { GraphFileInput } from '../src/engine/format';

type Node = GraphFileInput['nodes'][number];
type Edge = GraphFileInput['edges'][number];

const node = (id: string, type: string, params: Record<string, unknown> = {}): Node => ({ id, type, typeVersion: 1, params });
const edge = (from: string, to: string): Edge => {
  const [source, sourcePort] = from.split('.');
  const [target, targetPort] = to.split('.');
  return { id: `${from}->${to}`, source, sourcePort, target, targetPort };
};

/**
 * DDPM ancestral sampling of the eight-Gaussians mixture with its exact score:
 * data → analytic score; linear schedule with T steps; x_T ~ N(0, I) with n points;
 * the samples' sliced-Wasserstein distance to fresh data, and a scatter preview of them.
 */
export function ddpmGraph(options: { T: number; n: number; projections?: number; name?: string }): GraphFileInput {
  return {
    format: 'diffusion-graph-lab/graph',
    version: 1,
    name: options.name ?? `DDPM, T = ${options.T}, n = ${options.n}`,
    seed: 0,
    nodes: [
      node('data', 'data/toy2d', { name: '8gaussians' }),
      node('schedule', 'schedule/linear', { T: options.T }),
      node('score', 'score/analytic'),
      node('prior', 'noise/normal', { n: options.n, dim: 2, seed: 1 }),
      node('sampler', 'sampler/ddpm', { variance: 'posterior', seed: 5 }),
      node('fresh', 'data/sample', { n: options.n, seed: 2 }),
      node('swd', 'metric/sliced-wasserstein', { projections: options.projections ?? 32, seed: 3 }),
      node('view', 'view/scatter', { maxPoints: 2000 }),
    ],
    edges: [
      edge('data.dist', 'score.dist'),
      edge('schedule.schedule', 'score.schedule'),
      edge('score.predictor', 'sampler.predictor'),
      edge('schedule.schedule', 'sampler.schedule'),
      edge('prior.x', 'sampler.xT'),
      edge('data.dist', 'fresh.dist'),
      edge('sampler.x0', 'swd.a'),
      edge('fresh.x', 'swd.b'),
      edge('sampler.x0', 'view.x'),
    ],
  };
}

/** Noise diffused to a DDPM level: `index` beyond T makes forward/diffuse throw (on node 'diffuse'). */
export function diffuseGraph(index: number): GraphFileInput {
  return {
    format: 'diffusion-graph-lab/graph',
    version: 1,
    name: `diffuse to level ${index}`,
    nodes: [node('x0', 'noise/normal', { n: 64, seed: 1 }), node('schedule', 'schedule/linear', { T: 100 }), node('diffuse', 'forward/diffuse', { index, seed: 2 })],
    edges: [edge('x0.x', 'diffuse.x0'), edge('schedule.schedule', 'diffuse.schedule')],
  };
}

/** Denoising score matching of the score MLP on the eight Gaussians: a short training run. */
export function dsmGraph(options: { steps: number; batch: number }): GraphFileInput {
  return {
    format: 'diffusion-graph-lab/graph',
    version: 1,
    name: `DSM, ${options.steps} steps of batch ${options.batch}`,
    seed: 0,
    nodes: [
      node('model', 'model/score-mlp'),
      node('data', 'data/toy2d', { name: '8gaussians' }),
      node('schedule', 'schedule/linear'),
      node('train', 'train/denoising', { steps: options.steps, batch: options.batch, ema: 0 }),
    ],
    edges: [edge('model.model', 'train.model'), edge('data.dist', 'train.data'), edge('schedule.schedule', 'train.schedule')],
  };
}
