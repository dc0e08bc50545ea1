import type { Assertion, GraphEdge, GraphNode, LoopBody } from '../../src/engine/format';
import { LIMITS } from '../../src/engine/format';
import annealedLangevin from '../sampler/annealed-langevin';
import ddim from '../sampler/ddim';
import ddpm from '../sampler/ddpm';
import edm from '../sampler/edm';
import eulerAncestral from '../sampler/euler-ancestral';
import langevin from '../sampler/langevin';
import pc from '../sampler/pc';
import pfOde from '../sampler/pf-ode';
import reverseSde from '../sampler/reverse-sde';
import levels from './levels';

/**
 * "Expand" a whole-sampler node into the equivalent loop/levels node whose body holds its single
 * steps: the same ports (predictor, schedule, xT → x0, trajectory, nfe), the same seed, so the
 * loop gives the sampler's numbers. Pure functions of graph data, for the editor's expand action.
 */
export interface ExpandOptions {
  /** Id of the loop node; default `<id>-loop`. */
  id?: string;
  /**
   * sampler/pf-ode only: integrate EDM's ODE in σ-time over the schedule's σ grid, as the sampler
   * does on a Karras schedule. A node alone cannot see its schedule; expandInGraph sets this when
   * the schedule input comes from a schedule/karras node.
   */
  sigmasGrid?: boolean;
}

interface Step {
  id: string;
  type: string;
  params: Record<string, unknown>;
}
type Recipe = (params: Record<string, unknown>, options: ExpandOptions) => { loop: Record<string, unknown>; steps: Step[] };

const step = (id: string, type: string, params: Record<string, unknown> = {}): Step => ({ id, type, params });

/** The loop of each sampler type, from its parsed params (defaults filled in). */
const RECIPES: Record<string, { parse: (p: unknown) => Record<string, unknown>; recipe: Recipe }> = {
  [ddpm.type]: {
    parse: (p) => ddpm.params.parse(p),
    recipe: (p) => ({ loop: { grid: 'chain', seed: p.seed }, steps: [step('ddpm', 'step/ddpm', { variance: p.variance })] }),
  },
  [ddim.type]: {
    parse: (p) => ddim.params.parse(p),
    recipe: (p) => ({ loop: { grid: 'ddim', steps: p.steps, spacing: p.spacing, seed: p.seed }, steps: [step('ddim', 'step/ddim', { eta: p.eta })] }),
  },
  [langevin.type]: {
    parse: (p) => langevin.params.parse(p),
    recipe: (p) => ({ loop: { grid: 'fixed', steps: p.steps, sigma: p.sigma, seed: p.seed }, steps: [step('langevin', 'step/langevin', { tau: p.tau, scaling: 'fixed' })] }),
  },
  [annealedLangevin.type]: {
    parse: (p) => annealedLangevin.params.parse(p),
    recipe: (p) => ({
      loop: { grid: 'sigmas', repeat: p.stepsPerLevel, denoise: p.denoise, seed: p.seed },
      steps: [step('langevin', 'step/langevin', { tau: p.epsilon, scaling: 'annealed' })],
    }),
  },
  [reverseSde.type]: {
    parse: (p) => reverseSde.params.parse(p),
    recipe: (p) => ({ loop: { grid: 'time', steps: p.steps, tEnd: p.tEnd, seed: p.seed }, steps: [step('euler-maruyama', 'step/euler-maruyama')] }),
  },
  [pc.type]: {
    parse: (p) => pc.params.parse(p),
    recipe: (p) => {
      const n = p.correctorSteps as number;
      // Each step of a body takes its own binding of level, predictor and schedule.
      if (n + 1 > MAX_BINDINGS) throw new ExpandError(`a PC sampler with ${n} corrector steps needs ${n + 1} steps in its loop body; a body binds at most ${MAX_BINDINGS}`);
      const correctors = Array.from({ length: n }, (_, c) => step(`corrector${c + 1}`, 'step/corrector', { snr: p.snr, stream: c + 1 }));
      return { loop: { grid: 'time', steps: p.steps, tEnd: p.tEnd, seed: p.seed }, steps: [...correctors, step('euler-maruyama', 'step/euler-maruyama')] };
    },
  },
  [eulerAncestral.type]: {
    parse: (p) => eulerAncestral.params.parse(p),
    recipe: (p) => ({ loop: { grid: 'sigmas', repeat: 1, seed: p.seed }, steps: [step('euler-ancestral', 'step/euler-ancestral', { eta: p.eta, sNoise: p.sNoise })] }),
  },
  [edm.type]: {
    parse: (p) => edm.params.parse(p),
    recipe: (p) => ({
      loop: { grid: 'sigmas', repeat: 1, seed: p.seed },
      steps: [step('edm', 'step/edm', { sChurn: p.sChurn, sTmin: p.sTmin, sTmax: p.sTmax, sNoise: p.sNoise })],
    }),
  },
  [pfOde.type]: {
    parse: (p) => pfOde.params.parse(p),
    recipe: (p, o) => {
      const method = p.method as string;
      if (method !== 'euler' && method !== 'heun')
        throw new ExpandError(`pf-ode with method ${method} has no single-step node (its stages span a whole step${method === 'rk45' ? ' and it adapts the step size' : ''}); choose euler or heun to expand it`);
      const grid = o.sigmasGrid ? { grid: 'sigmas', repeat: 1 } : { grid: 'time', steps: p.steps, tEnd: p.tEnd };
      return { loop: { ...grid, seed: 0 }, steps: [step(`pf-${method}`, `step/pf-${method}`)] };
    },
  },
};

/** BodySchema's bound on the bindings of one loop value. */
const MAX_BINDINGS = 50;
const BODY_VALUES = ['level', 'predictor', 'schedule'] as const;

export class ExpandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpandError';
  }
}

/** Whether a node type is a sampler that expandSampler knows (rk4/rk45 pf-ode nodes still refuse). */
export function canExpand(type: string): boolean {
  return type in RECIPES;
}

/** Steps in a row: the loop's x into the first, each x into the next, the last x back out; every step gets the level, predictor and schedule. */
function chainBody(steps: Step[]): LoopBody {
  return {
    nodes: steps.map((s, j) => ({ id: s.id, type: s.type, typeVersion: 1, params: s.params, position: { x: 260 * j, y: 0 } })),
    edges: steps.slice(1).map((s, j) => ({ id: `${steps[j].id}.x-${s.id}.x`, source: steps[j].id, sourcePort: 'x', target: s.id, targetPort: 'x' })),
    inputs: {
      x: [{ node: steps[0].id, port: 'x' }],
      ...Object.fromEntries(BODY_VALUES.map((v) => [v, steps.map((s) => ({ node: s.id, port: v }))])),
    },
    output: { node: steps[steps.length - 1].id, port: 'x' },
  };
}

/** The loop/levels node equivalent to a whole-sampler node: same position, label and seed; a new id. */
export function expandSampler(node: GraphNode, options: ExpandOptions = {}): GraphNode {
  const entry = RECIPES[node.type];
  if (!entry) throw new ExpandError(`node '${node.id}' (${node.type}) is not a sampler that can be expanded; these can: ${Object.keys(RECIPES).join(', ')}`);
  let params: Record<string, unknown>;
  try {
    params = entry.parse(node.params);
  } catch (e) {
    throw new ExpandError(`node '${node.id}' (${node.type}) has invalid params, fix them before expanding: ${(e as Error).message}`);
  }
  const { loop, steps } = entry.recipe(params, options);
  return {
    id: options.id ?? loopIdOf(node.id, 1),
    type: levels.type,
    typeVersion: levels.version,
    params: levels.params.parse(loop),
    position: { ...node.position },
    ...(node.label === undefined ? {} : { label: node.label }),
    body: chainBody(steps),
  };
}

interface GraphLike {
  nodes: GraphNode[];
  edges: GraphEdge[];
  assertions?: Assertion[];
}

/** `<id>-loop`, or `<id>-loop-k` for k > 1, within the id length limit. */
function loopIdOf(id: string, k: number): string {
  const suffix = k === 1 ? '-loop' : `-loop-${k}`;
  return id.slice(0, LIMITS.idLength - suffix.length) + suffix;
}

/** The first loopIdOf(id, k) no node uses. */
function freshId(graph: GraphLike, id: string): string {
  const used = new Set(graph.nodes.map((n) => n.id));
  let k = 1;
  while (used.has(loopIdOf(id, k))) k++;
  return loopIdOf(id, k);
}

/**
 * Replace node `nodeId` of a graph by its loop: edges into and out of it (predictor, schedule, xT;
 * x0, trajectory, nfe keep their port names) and assertions on it move to the loop. A pf-ode fed
 * by a schedule/karras node is expanded on the σ grid, as the sampler integrates it. Returns a new
 * graph (the input is not changed) and the loop's id.
 */
export function expandInGraph<G extends GraphLike>(graph: G, nodeId: string): { graph: G; loopId: string } {
  const node = graph.nodes.find((n) => n.id === nodeId);
  if (!node) throw new ExpandError(`there is no node '${nodeId}' to expand`);
  const scheduleEdge = graph.edges.find((e) => e.target === nodeId && e.targetPort === 'schedule');
  const scheduleType = graph.nodes.find((n) => n.id === scheduleEdge?.source)?.type;
  const loop = expandSampler(node, { id: freshId(graph, nodeId), sigmasGrid: scheduleType === 'schedule/karras' });
  const move = (id: string) => (id === nodeId ? loop.id : id);
  return {
    loopId: loop.id,
    graph: {
      ...graph,
      nodes: graph.nodes.map((n) => (n.id === nodeId ? loop : n)),
      edges: graph.edges.map((e) => ({ ...e, source: move(e.source), target: move(e.target) })),
      ...(graph.assertions ? { assertions: graph.assertions.map((a) => ({ ...a, node: move(a.node) })) } : {}),
    },
  };
}
