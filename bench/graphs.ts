import { GraphFileSchema, type GraphFile } from '../src/engine/format';

/** The benchmark graphs, built in code so their sizes follow the run's configuration. */

type Params = Record<string, unknown>;

const node = (id: string, type: string, params: Params = {}) => ({ id, type, typeVersion: 1, params, position: { x: 0, y: 0 } });
const edge = (source: string, sourcePort: string, target: string, targetPort: string) => ({
  id: `${source}.${sourcePort}-${target}.${targetPort}`,
  source,
  sourcePort,
  target,
  targetPort,
});

function graph(name: string, nodes: ReturnType<typeof node>[], edges: ReturnType<typeof edge>[]): GraphFile {
  return GraphFileSchema.parse({ format: 'diffusion-graph-lab/graph', version: 1, name, seed: 0, nodes, edges });
}

/** Wiring shared by the two sampler graphs: 8gaussians → exact score; prior noise → sampler. */
function samplerGraph(name: string, schedule: ReturnType<typeof node>, sampler: ReturnType<typeof node>, n: number): GraphFile {
  return graph(
    name,
    [node('data', 'data/toy2d', { name: '8gaussians' }), schedule, node('score', 'score/analytic'), node('prior', 'noise/normal', { n, dim: 2, seed: 1 }), sampler],
    [
      edge('data', 'dist', 'score', 'dist'),
      edge('schedule', 'schedule', 'score', 'schedule'),
      edge('score', 'predictor', 'sampler', 'predictor'),
      edge('schedule', 'schedule', 'sampler', 'schedule'),
      edge('prior', 'x', 'sampler', 'xT'),
    ],
  );
}

/** DDPM ancestral sampling (linear β, T steps, posterior variance) of n points with the exact 8-Gaussians score. */
export function ddpmGraph(n: number, T: number): GraphFile {
  return samplerGraph(
    `bench: DDPM ${T} steps, ${n} points`,
    node('schedule', 'schedule/linear', { T }),
    node('sampler', 'sampler/ddpm', { variance: 'posterior', seed: 5 }),
    n,
  );
}

/** Probability-flow ODE on the VP path, RK4 with `steps` fixed steps, n points, exact 8-Gaussians score. */
export function pfOdeGraph(n: number, steps: number): GraphFile {
  return samplerGraph(`bench: PF-ODE RK4 ${steps} steps, ${n} points`, node('schedule', 'schedule/vp'), node('sampler', 'sampler/pf-ode', { method: 'rk4', steps }), n);
}

/** DPM-Solver++(2M) on the VP path, `steps` steps evenly spaced in log-SNR, n points, exact 8-Gaussians score. */
export function dpmSolverGraph(n: number, steps: number): GraphFile {
  return samplerGraph(`bench: DPM-Solver++(2M) ${steps} steps, ${n} points`, node('schedule', 'schedule/vp'), node('sampler', 'sampler/dpm-solver', { steps }), n);
}

/** EDM's deterministic Heun sampler on a Karras σ grid of `levels` levels, from N(0, 80² I), n points, exact score. */
export function edmGraph(n: number, levels: number): GraphFile {
  return graph(
    `bench: EDM Heun, Karras grid of ${levels} levels, ${n} points`,
    [node('data', 'data/toy2d', { name: '8gaussians' }), node('schedule', 'schedule/karras', { N: levels }), node('score', 'score/analytic'), node('prior', 'noise/prior', { n, dim: 2, seed: 1 }), node('sampler', 'sampler/edm')],
    [
      edge('data', 'dist', 'score', 'dist'),
      edge('schedule', 'schedule', 'score', 'schedule'),
      edge('schedule', 'schedule', 'prior', 'schedule'),
      edge('score', 'predictor', 'sampler', 'predictor'),
      edge('schedule', 'schedule', 'sampler', 'schedule'),
      edge('prior', 'x', 'sampler', 'xT'),
    ],
  );
}

/** The node whose outputs a benchmark graph is run for. */
export const SAMPLER = 'sampler';
export const TRAIN = 'train';

/** DSM training of the default score MLP on 8gaussians under the linear schedule (the node's defaults otherwise). */
export function dsmGraph(steps: number, batch: number): GraphFile {
  return graph(
    `bench: DSM ${steps} steps of batch ${batch}`,
    [node('model', 'model/score-mlp'), node('data', 'data/toy2d', { name: '8gaussians' }), node('schedule', 'schedule/linear'), node(TRAIN, 'train/denoising', { steps, batch })],
    [edge('model', 'model', TRAIN, 'model'), edge('data', 'dist', TRAIN, 'data'), edge('schedule', 'schedule', TRAIN, 'schedule')],
  );
}

/** DSM training followed by sampling with the trained predictor (the quality-bar case). */
export function trainAndSampleGraph(steps: number, batch: number, n: number, sampler: { type: string; params: Params }): GraphFile {
  const g = dsmGraph(steps, batch);
  return GraphFileSchema.parse({
    ...g,
    name: `bench: DSM ${steps} steps, then ${sampler.type}`,
    nodes: [...g.nodes, node('prior', 'noise/normal', { n, dim: 2, seed: 1 }), node(SAMPLER, sampler.type, sampler.params)],
    edges: [...g.edges, edge(TRAIN, 'predictor', SAMPLER, 'predictor'), edge('schedule', 'schedule', SAMPLER, 'schedule'), edge('prior', 'x', SAMPLER, 'xT')],
  });
}
