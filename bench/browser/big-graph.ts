import { GraphFileSchema, type GraphFile } from '../../src/engine/format';

/**
 * A graph of `blocks` × 5 nodes for the editor's panning benchmark: copies of the DDPM
 * pipeline (data → exact score ← schedule; prior noise → sampler), laid out on a grid, with
 * 5 edges per block. 60 blocks give 300 nodes and 300 edges. Nothing in it is run.
 */
export function bigGraph(blocks = 60): GraphFile {
  const nodes: unknown[] = [];
  const edges: unknown[] = [];
  const perRow = 10;
  for (let b = 0; b < blocks; b++) {
    const x0 = (b % perRow) * 900;
    const y0 = Math.floor(b / perRow) * 520;
    const id = (name: string) => `${name}${b}`;
    const add = (name: string, type: string, x: number, y: number, params: Record<string, unknown> = {}) =>
      nodes.push({ id: id(name), type, typeVersion: 1, params, position: { x: x0 + x, y: y0 + y } });
    add('data', 'data/toy2d', 0, 0, { name: '8gaussians' });
    add('schedule', 'schedule/linear', 0, 220, { T: 1000 });
    add('score', 'score/analytic', 300, 60);
    add('prior', 'noise/normal', 300, 280, { n: 2000, dim: 2, seed: b });
    add('sampler', 'sampler/ddpm', 600, 150, { seed: b });
    const link = (s: string, sp: string, t: string, tp: string) => edges.push({ id: `${id(s)}.${sp}-${id(t)}.${tp}`, source: id(s), sourcePort: sp, target: id(t), targetPort: tp });
    link('data', 'dist', 'score', 'dist');
    link('schedule', 'schedule', 'score', 'schedule');
    link('score', 'predictor', 'sampler', 'predictor');
    link('schedule', 'schedule', 'sampler', 'schedule');
    link('prior', 'x', 'sampler', 'xT');
  }
  return GraphFileSchema.parse({ format: 'diffusion-graph-lab/graph', version: 1, name: `${blocks * 5}-node panning benchmark`, nodes, edges });
}
