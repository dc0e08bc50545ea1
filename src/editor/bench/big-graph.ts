import { GRAPH_FORMAT, GRAPH_VERSION, type GraphEdge, type GraphFile, type GraphNode } from '../../engine/format';
import { currentTypeVersion } from '../registry';

const CHAIN: [string, number, number][] = [
  ['data/toy2d', 0, 0],
  ['schedule/linear', 0, 200],
  ['score/analytic', 340, 100],
  ['noise/normal', 0, 400],
  ['sampler/ddpm', 680, 150],
];

/** A large valid graph for the pan benchmark: `chains` DDPM pipelines of 5 nodes on a 10-wide grid. */
export function bigGraph(chains: number): GraphFile {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (let c = 0; c < chains; c++) {
    const ox = (c % 10) * 1500;
    const oy = Math.floor(c / 10) * 700;
    const id = (k: number) => `c${c}-${k}`;
    CHAIN.forEach(([type, x, y], k) => nodes.push({ id: id(k), type, typeVersion: currentTypeVersion(type), params: {}, position: { x: ox + x, y: oy + y } }));
    const link = (s: number, sp: string, t: number, tp: string) => edges.push({ id: `${id(s)}.${sp}->${id(t)}.${tp}`, source: id(s), sourcePort: sp, target: id(t), targetPort: tp });
    link(0, 'dist', 2, 'dist');
    link(1, 'schedule', 2, 'schedule');
    link(2, 'predictor', 4, 'predictor');
    link(1, 'schedule', 4, 'schedule');
    link(3, 'x', 4, 'xT');
  }
  return { format: GRAPH_FORMAT, version: GRAPH_VERSION, name: `${nodes.length} nodes`, description: '', seed: 0, nodes, edges, assertions: [] };
}
