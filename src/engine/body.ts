import * as tf from '@tensorflow/tfjs';
import { CancelledError, NodeRunError, type BodyRunner, type RunContext } from './context';
import { disposeValues, tensorsIn } from './dispose';
import { nodeSeed } from './hash';
import { guardInputs } from './input-guard';
import type { AnyNodeDef, Values } from './node';
import { planRun } from './planner';
import type { ResolvedBody } from './validate';

/** One body node with everything a pass needs resolved at compile time. */
interface CompiledNode {
  id: string;
  def: AnyNodeDef;
  params: Record<string, unknown>;
  /** Ports fed by the loop: [port, name of the loop value]. */
  bound: [string, string][];
  /** Ports fed by an earlier body node: [port, its index in the plan, its output port]. */
  wired: [string, number, string][];
  /** The node's own `seed` param, folded into each pass's seed. */
  paramSeed: number;
  /**
   * Its context, made once; a pass only sets `seed`. Built field by field, the seed a double from
   * the start: seeds are uint32, most of them beyond V8’s small integers, and a field that changes
   * representation mid-run deoptimizes the pass.
   */
  ctx: RunContext;
}

/**
 * Compile a loop body once: its plan (topological order of every body node), each node's
 * input wiring and context are fixed, and each pass only feeds values through them. Nothing is
 * cached between passes and everything a pass makes is disposed before the next, except the
 * output it returns.
 */
export function compileBody(body: ResolvedBody, loop: RunContext): BodyRunner {
  const plan = planRun(body.nodes, 0);
  const index = new Map(plan.map((p, i) => [p.id, i]));
  const nodes: CompiledNode[] = plan.map((p) => {
    const { def, params, inputs } = p.resolved;
    return {
      id: p.id,
      def,
      params,
      bound: [...(body.bindings.get(p.id) ?? [])],
      wired: [...inputs].map(([port, edge]): [string, number, string] => [port, index.get(edge.source)!, edge.sourcePort]),
      paramSeed: typeof params.seed === 'number' ? params.seed : 0,
      ctx: { signal: loop.signal, seed: NaN, progress: () => {}, checkpoint: loop.checkpoint, backend: loop.backend, nodeId: `${loop.nodeId}/${p.id}` },
    };
  });
  const outIndex = index.get(body.output.node) ?? -1;
  const outPort = body.output.port;
  // Passes of one runner normally run one after another; one started while another is still
  // running gets contexts of its own, so the two never share a seed field.
  let running = 0;

  return {
    size: plan.length,
    async run(values: Record<string, unknown>, seed: number): Promise<unknown> {
      const shared = running++ === 0;
      const made: Values[] = [];
      let handedOver = false;
      try {
        for (const c of nodes) {
          const inputs: Values = {};
          for (const [port, name] of c.bound) inputs[port] = values[name];
          for (const [port, source, sourcePort] of c.wired) inputs[port] = made[source][sourcePort];
          const ctx = shared ? c.ctx : { ...c.ctx };
          ctx.seed = nodeSeed(seed, c.paramSeed);
          try {
            guardInputs(c.def, inputs);
            const result = c.def.run(inputs as never, c.params, ctx);
            made.push(result instanceof Promise ? await result : result);
          } catch (e) {
            if (e instanceof CancelledError) throw e;
            const failure = e instanceof NodeRunError ? e : undefined;
            const wrapped = new NodeRunError(`body node '${c.id}' (${c.def.type}): ${(e as Error).message}`, failure?.port, failure?.code);
            wrapped.bodyNode = c.id;
            throw wrapped;
          }
        }
        const out = made[outIndex]?.[outPort];
        if (out === undefined) throw new NodeRunError(`body node '${body.output.node}' produced no '${outPort}'`);
        // The caller owns the result: a tensor the pass made is handed over as it is (a copy costs
        // a kernel call per pass), anything else is copied; the rest of the pass is released below.
        if (!(out instanceof tf.Tensor)) return out;
        handedOver = !isLoopValue(out, values) && !made.some((v, i) => holds(v, out, values, i === outIndex ? outPort : undefined));
        return handedOver ? out : tf.clone(out);
      } finally {
        running--;
        for (let i = 0; i < made.length; i++) release(made[i], values, handedOver && i === outIndex ? outPort : undefined);
      }
    },
  };
}

/*
 * A pass releases every output of its nodes but the one handed over (`keep`) and any value the
 * loop fed in that a node passed straight through (the loop's values stay the caller's). Plain
 * tensors, what almost every step outputs, are checked and freed here without a traversal.
 */

/** Whether a node's outputs that the pass releases hold tensor `t`. */
function holds(v: Values, t: tf.Tensor, values: Record<string, unknown>, keep: string | undefined): boolean {
  for (const port in v) {
    const x = v[port];
    if (port === keep || isLoopValue(x, values)) continue;
    if (x === t) return true;
    if (x && typeof x === 'object' && !(x instanceof tf.Tensor) && tensorsIn({ x }).includes(t)) return true;
  }
  return false;
}

function release(v: Values, values: Record<string, unknown>, keep: string | undefined): void {
  for (const port in v) {
    const x = v[port];
    if (port === keep || isLoopValue(x, values)) continue;
    if (x instanceof tf.Tensor) x.dispose();
    else if (x && typeof x === 'object') disposeValues({ x });
  }
}

function isLoopValue(x: unknown, values: Record<string, unknown>): boolean {
  for (const name in values) if (values[name] === x) return true;
  return false;
}
