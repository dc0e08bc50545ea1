import type { ExpandedStep } from '../../src/engine/capabilities';
import type { Assertion, GraphEdge, GraphNode, LoopBody } from '../../src/engine/format';
import { LIMITS } from '../../src/engine/format';
import type { AnyNodeDef } from '../../src/engine/node';
import { allNodeDefs } from '../index';
import levels from './levels';

/**
 * "Expand" a whole-sampler node into the equivalent loop/levels node whose body holds its single
 * steps: the same ports (predictor, schedule, xT → x0, trajectory, nfe), the same seed, so the
 * loop gives the sampler's numbers. Pure functions of graph data, for the editor's expand action.
 * Each sampler's loop is its definition's `sampler.expand` (src/engine/capabilities.ts): no list here.
 */
export interface ExpandOptions {
  /** Id of the loop node; default `<id>-loop`. */
  id?: string;
  /**
   * The schedule feeding the sampler has a σ grid (its definition declares `schedule.sigmaGrid`):
   * samplers that integrate in σ there (pf-ode) expand on that grid. A node alone cannot see its
   * schedule; expandInGraph sets this from the node wired to its schedule input.
   */
  sigmasGrid?: boolean;
}

const defsByType = new Map<string, AnyNodeDef>(allNodeDefs.map((d) => [d.type, d]));

/** The sampler definition of a node type that has a loop of steps, or undefined. */
function expandable(type: string): AnyNodeDef | undefined {
  const def = defsByType.get(type);
  return def?.sampler?.expand ? def : undefined;
}

const BODY_VALUES = ['level', 'predictor', 'schedule'] as const;

export class ExpandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpandError';
  }
}

/** Whether a node type is a sampler with a loop of single steps (its definition's `sampler.expand`). */
export function canExpand(type: string): boolean {
  return expandable(type) !== undefined;
}

/** Steps in a row: the loop's x into the first, each x into the next, the last x back out; every step gets the level, predictor and schedule. */
function chainBody(steps: ExpandedStep[]): LoopBody {
  return {
    nodes: steps.map((s, j) => ({ id: s.id, type: s.type, typeVersion: defsByType.get(s.type)?.version ?? 1, params: s.params ?? {}, position: { x: 260 * j, y: 0 } })),
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
  const def = expandable(node.type);
  if (!def?.sampler?.expand) {
    const can = allNodeDefs.filter((d) => d.sampler?.expand).map((d) => d.type);
    throw new ExpandError(`node '${node.id}' (${node.type}) is not a sampler that can be expanded; these can: ${can.join(', ')}`);
  }
  const parsed = def.params.safeParse(node.params);
  if (!parsed.success) throw new ExpandError(`node '${node.id}' (${node.type}) has invalid params, fix them before expanding: ${parsed.error.message}`);
  let expansion;
  try {
    expansion = def.sampler.expand(parsed.data, { sigmaGrid: options.sigmasGrid ?? false });
  } catch (e) {
    throw new ExpandError((e as Error).message);
  }
  const { loop, steps } = expansion;
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
 * by a schedule that declares a σ grid is expanded on that grid, as the sampler integrates it. Returns a new
 * graph (the input is not changed) and the loop's id.
 */
export function expandInGraph<G extends GraphLike>(graph: G, nodeId: string): { graph: G; loopId: string } {
  const node = graph.nodes.find((n) => n.id === nodeId);
  if (!node) throw new ExpandError(`there is no node '${nodeId}' to expand`);
  const scheduleEdge = graph.edges.find((e) => e.target === nodeId && e.targetPort === 'schedule');
  const scheduleType = graph.nodes.find((n) => n.id === scheduleEdge?.source)?.type;
  const sigmasGrid = (scheduleType !== undefined && defsByType.get(scheduleType)?.schedule?.sigmaGrid) ?? false;
  const loop = expandSampler(node, { id: freshId(graph, nodeId), sigmasGrid });
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
