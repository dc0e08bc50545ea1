import * as tf from '@tensorflow/tfjs';
import { NodeRunError } from './context';
import type { GraphFile } from './format';
import type { AnyNodeDef, Values } from './node';
import { planRun } from './planner';
import { portSpec } from './ports';
import type { NodeRegistry } from './registry';
import { validateGraph } from './validate';

/**
 * Work and memory a node will need, computed from its params and input shapes before it
 * runs (issue 17, finding 6: every param in bounds, yet 200 000 × 4096 noise took the CLI
 * to 16.5 GB and a training asked for ~11 days). A node type declares `estimate`; the
 * engine refuses past the hard bound, and past the soft bound the CLI needs
 * `--allow-large` and the editor asks (estimateGraph before a run, then allowLarge).
 */
export interface WorkEstimate {
  /** Floating-point operations, roughly (a factor of 2–3 is fine: the bounds are orders of magnitude apart). */
  flops: number;
  /** Peak bytes of tensors the node holds at once (outputs included). */
  bytes: number;
  /** Shapes of tensor outputs, when known: downstream estimates read them in a pre-run pass. */
  outputs?: Record<string, number[]>;
}

/** Shapes of the tensors on a node's inputs (undefined: not a tensor, or not known before the run). */
export type InputShapes = Record<string, number[] | undefined>;

/**
 * The bounds. Work: this machine's WASM backend does ~10 GFLOP/s on the lab's kernels,
 * so the soft bound is ~5 min of work and the hard bound ~10 hours (a shipped model's
 * offline training stays under it). The lessons' longest training (lesson 3's, ~92 s
 * estimated) runs without a question; a job of many minutes (issue 16: prior n = 200 000
 * on the VE graph) asks. Memory: a tab gets a few GiB; the soft bound is 1 GiB, the hard
 * bound 2 GiB of tensors held by one node.
 */
export const WORK_BOUNDS = { softFlops: 3e12, hardFlops: 3.6e14, softBytes: 2 ** 30, hardBytes: 2 * 2 ** 30, flopsPerSecond: 1e10 } as const;

export type WorkLevel = 'ok' | 'soft' | 'hard';

export interface NodeEstimate {
  node: string;
  type: string;
  estimate: WorkEstimate;
  level: WorkLevel;
  /** For 'soft' and 'hard': the estimate and the bound in words, naming the node. */
  message?: string;
  /** The same without the node's name (for an error already reported on the node). */
  why?: string;
  /** The estimate in a few words for the node's face: "≈ 25 min · 3.1 GiB". */
  short: string;
  /**
   * Inputs whose size was not known before the run (no upstream estimate gave it): the
   * estimate then assumes one sample there, and the check at run time has the real one.
   */
  unknown?: string[];
}

/** What estimateGraph says about a run before it starts (the worker API's `estimate`). */
export interface GraphEstimate {
  nodes: NodeEstimate[];
  level: WorkLevel;
}

const fmtBytes = (b: number) => (b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(1)} GiB` : `${(b / 2 ** 20).toFixed(0)} MiB`);
function fmtTime(seconds: number): string {
  if (seconds < 120) return `${seconds.toFixed(0)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(0)} min`;
  if (seconds < 2 * 86400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(0)} days`;
}

/** "2.0e+12 FLOP (about 3 min here)" */
export function describeWork(flops: number): string {
  return `${flops.toExponential(1)} FLOP (about ${fmtTime(flops / WORK_BOUNDS.flopsPerSecond)} here)`;
}

/** "≈ 25 min · 3.1 GiB": time on this machine's WASM backend and peak memory. */
export function shortEstimate(estimate: WorkEstimate): string {
  const seconds = estimate.flops / WORK_BOUNDS.flopsPerSecond;
  return `≈ ${seconds < 1 ? '< 1 s' : fmtTime(seconds)} · ${estimate.bytes < 2 ** 20 ? '< 1 MiB' : fmtBytes(estimate.bytes)}`;
}

/** Where an estimate falls against the bounds, and why, in words naming the node. */
export function judgeEstimate(node: string, def: AnyNodeDef, estimate: WorkEstimate): NodeEstimate {
  const b = WORK_BOUNDS;
  const over = (hard: boolean) => {
    const parts: string[] = [];
    const [flopBound, byteBound] = hard ? [b.hardFlops, b.hardBytes] : [b.softFlops, b.softBytes];
    if (estimate.flops > flopBound) parts.push(`${describeWork(estimate.flops)}, over the ${hard ? 'limit' : 'confirmation bound'} of ${describeWork(flopBound)}`);
    if (estimate.bytes > byteBound) parts.push(`${fmtBytes(estimate.bytes)} of memory, over the ${hard ? 'limit' : 'confirmation bound'} of ${fmtBytes(byteBound)}`);
    return parts;
  };
  const hard = over(true);
  const short = shortEstimate(estimate);
  const verdict = (level: WorkLevel, why: string) => ({ node, type: def.type, estimate, level, why, message: `node '${node}' (${def.type}) ${why}`, short });
  if (hard.length) return verdict('hard', `would need ${hard.join(' and ')}; lower its params (steps, points, batch or size)`);
  const soft = over(false);
  if (soft.length) return verdict('soft', `would need ${soft.join(' and ')}; confirm to run it (CLI: --allow-large)`);
  return { node, type: def.type, estimate, level: 'ok', short };
}

/** Port types whose size an estimate reads (shapeOfValue): tensors, trajectories, schedules' levels, models' weights. */
const SIZED_PORTS = new Set(['tensor', 'trajectory', 'schedule', 'model']);

/**
 * The "shape" of a value on a port, as estimates read it: a tensor's, a trajectory's
 * frames', a schedule's number of levels [N] (a sampler's passes follow it) and a
 * model's number of weights [W].
 */
export function shapeOfValue(value: unknown): number[] | undefined {
  if (value instanceof tf.Tensor) return value.shape;
  const v = value as { frames?: unknown; N?: unknown; levels?: unknown } | null | undefined;
  if (v?.frames instanceof tf.Tensor) return v.frames.shape;
  if (typeof v?.N === 'number' && typeof v.levels === 'function') return [v.N];
  // A model: its number of weights [W] (training and sampling cost follow it).
  const variables = (value as { variables?: unknown } | null | undefined)?.variables;
  if (variables && typeof variables === 'object') {
    const sizes = Object.values(variables).map((t) => (t instanceof tf.Tensor ? t.size : 0));
    if (sizes.length) return [sizes.reduce((a, b) => a + b, 0)];
  }
  return undefined;
}

/**
 * Before a node runs, with its real input shapes: refuse past the hard bound, and past
 * the soft bound unless `allowLarge`. Throws a NodeRunError with code 'too-large'.
 */
export function checkNodeWork(node: string, def: AnyNodeDef, params: unknown, inputs: Values, allowLarge = false): NodeEstimate | undefined {
  if (!def.estimate) return undefined;
  const shapes: InputShapes = {};
  for (const [port, value] of Object.entries(inputs)) shapes[port] = shapeOfValue(value);
  const verdict = judgeEstimate(node, def, def.estimate(params as never, shapes));
  if (verdict.level === 'hard' || (verdict.level === 'soft' && !allowLarge)) throw new NodeRunError(verdict.why!, undefined, 'too-large');
  return verdict;
}

/**
 * Estimates for the nodes a run would execute, before it starts (the editor asks when
 * any is 'soft' and refuses a 'hard' one; the CLI wants --allow-large for 'soft').
 * Input shapes flow from upstream estimates' `outputs`; where none is known the
 * estimate sees undefined and the check at run time (checkNodeWork) has the real shape.
 */
export function estimateGraph(graph: GraphFile, registry: NodeRegistry, targets?: readonly string[]): GraphEstimate {
  const validation = validateGraph(graph, registry);
  const known = [...(targets ?? [])].filter((t) => validation.nodes.has(t));
  const plan = planRun(validation.nodes, graph.seed, known.length ? known : undefined);
  const shapes = new Map<string, Record<string, number[]>>();
  const nodes: NodeEstimate[] = [];
  for (const p of plan) {
    const { def, params, inputs } = p.resolved;
    if (!def.estimate) continue;
    const inputShapes: InputShapes = {};
    const unknown: string[] = [];
    for (const [port, edge] of inputs) {
      inputShapes[port] = shapes.get(edge.source)?.[edge.sourcePort];
      const decl = def.inputs[port];
      if (!inputShapes[port] && decl && SIZED_PORTS.has(portSpec(decl).type)) unknown.push(port);
    }
    let estimate: WorkEstimate;
    try {
      estimate = def.estimate(params as never, inputShapes);
    } catch {
      continue; // params the run will refuse anyway
    }
    if (estimate.outputs) shapes.set(p.id, estimate.outputs);
    const verdict = judgeEstimate(p.id, def, estimate);
    nodes.push(unknown.length ? { ...verdict, unknown } : verdict);
  }
  const level: WorkLevel = nodes.some((n) => n.level === 'hard') ? 'hard' : nodes.some((n) => n.level === 'soft') ? 'soft' : 'ok';
  return { nodes, level };
}
