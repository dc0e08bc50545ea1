import * as tf from '@tensorflow/tfjs';
import { CancelledError, NodeRunError, type BodyRunner, type RunContext } from './context';
import { disposeValues } from './dispose';
import { nodeSeed } from './hash';
import type { Values } from './node';
import { planRun } from './planner';
import type { ResolvedBody } from './validate';

/**
 * Compile a loop body once: its plan (topological order of every body node) is fixed,
 * and each pass only feeds values through it. Nothing is cached between passes and
 * everything a pass makes is disposed before the next, except the output it returns.
 */
export function compileBody(body: ResolvedBody, loop: RunContext): BodyRunner {
  const plan = planRun(body.nodes, 0);
  return {
    size: plan.length,
    async run(values: Record<string, unknown>, seed: number): Promise<unknown> {
      const made = new Map<string, Values>();
      try {
        for (const p of plan) {
          const { def, params, inputs: edges } = p.resolved;
          const inputs: Values = {};
          for (const [port, name] of body.bindings.get(p.id) ?? []) inputs[port] = values[name];
          for (const [port, edge] of edges) inputs[port] = made.get(edge.source)![edge.sourcePort];
          const ctx: RunContext = {
            ...loop,
            seed: nodeSeed(seed, typeof params.seed === 'number' ? params.seed : 0),
            nodeId: `${loop.nodeId}/${p.id}`,
            progress: () => {},
            body: undefined,
          };
          try {
            made.set(p.id, await def.run(inputs, params, ctx));
          } catch (e) {
            if (e instanceof CancelledError) throw e;
            throw new NodeRunError(`body node '${p.id}' (${def.type}): ${(e as Error).message}`, e instanceof NodeRunError ? e.port : undefined);
          }
        }
        const out = made.get(body.output.node)?.[body.output.port];
        if (out === undefined) throw new NodeRunError(`body node '${body.output.node}' produced no '${body.output.port}'`);
        // The caller owns the result; the pass's own values are all released below.
        return out instanceof tf.Tensor ? tf.clone(out) : out;
      } finally {
        for (const v of made.values()) disposeValues(v);
      }
    },
  };
}
