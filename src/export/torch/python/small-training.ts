/**
 * A small training graph for the export tests: DSM on eight Gaussians (a score MLP 32 × 2, 80 Adam
 * steps of 64 points, linear β over T = 100 from 10⁻³ to 0.2), its loss at the first and last
 * step, and the trained network evaluated (ε̂ at t = 0.5) on a few fixed points.
 */
const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, typeVersion: 1, params, position: { x: 0, y: 0 } });
const edge = (source: string, sourcePort: string, target: string, targetPort: string) => ({ id: `${source}-${target}-${targetPort}`, source, sourcePort, target, targetPort });

export function smallTrainingGraph(steps = 80) {
  return {
    format: 'diffusion-graph-lab/graph',
    version: 1,
    name: 'Small DSM training on eight Gaussians',
    seed: 0,
    nodes: [
      node('data', 'data/toy2d', { name: '8gaussians' }),
      node('schedule', 'schedule/linear', { T: 100, betaStart: 0.001, betaEnd: 0.2 }),
      node('net', 'model/score-mlp', { hidden: 32, layers: 2, seed: 1 }),
      node('train', 'train/denoising', { steps, batch: 64, lr: 0.003, ema: 0, seed: 2 }),
      node('lossStart', 'metric/series-at', { x: 1 }),
      node('lossEnd', 'metric/series-at', { x: steps }),
      node('trained', 'score/model'),
      node('points', 'data/tensor', { values: [[0, 0], [1, -2], [2.5, 0.5], [-1, 3]] }),
      node('eval', 'score/evaluate', { t: 0.5, as: 'eps' }),
    ],
    edges: [
      edge('data', 'dist', 'train', 'data'),
      edge('schedule', 'schedule', 'train', 'schedule'),
      edge('net', 'model', 'train', 'model'),
      edge('train', 'loss', 'lossStart', 'series'),
      edge('train', 'loss', 'lossEnd', 'series'),
      edge('train', 'model', 'trained', 'model'),
      edge('trained', 'predictor', 'eval', 'predictor'),
      edge('schedule', 'schedule', 'eval', 'schedule'),
      edge('points', 'x', 'eval', 'x'),
    ],
    assertions: [],
  };
}
