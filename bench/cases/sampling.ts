import * as tf from '@tensorflow/tfjs';
import type { NodeBackend } from '../../src/engine/backend-node';
import { disposeValues } from '../../src/engine/dispose';
import { Executor } from '../../src/engine/executor';
import type { GraphFile } from '../../src/engine/format';
import type { NodeRegistry } from '../../src/engine/registry';
import { runNode } from '../../src/engine/testing';
import { expandInGraph } from '../../nodes/loop/expand';
import { ddpmGraph, dpmSolverGraph, edmGraph, pfOdeGraph, SAMPLER } from '../graphs';
import { ddpmSample } from '../hand/ddpm';
import { dpmSolverSample } from '../hand/dpm-solver';
import { edmSample } from '../hand/edm';
import { meanDistanceToModes } from '../hand/eight-gaussians';
import { pfOdeSample } from '../hand/pf-ode';
import type { Variant } from '../harness';
import type { BenchCase, CaseGroup } from './types';

/**
 * The sampler cases: the same sampling as a graph through the Executor, as the sampler node's
 * run() called directly (the node without the engine: a diagnostic that splits the ratio into
 * engine overhead and node implementation), and as the hand-written script in bench/hand/.
 */
export interface SamplerCaseOptions {
  group: CaseGroup;
  backend: NodeBackend;
  n: number;
  steps: number;
}

type HandSampler = (n: number, steps: number, seed: number, xT?: tf.Tensor2D) => tf.Tensor2D;

interface SamplerKind {
  id: string;
  title: (o: SamplerCaseOptions) => string;
  graph: (n: number, steps: number) => GraphFile;
  hand: HandSampler;
  /** Deterministic samplers are compared point by point, stochastic ones by a statistic. */
  deterministic: boolean;
  /** Also time the sampler expanded into loop/levels with its step nodes (issue 10: ≤ 1.10×). */
  loop?: boolean;
}

export const DDPM: SamplerKind = {
  id: 'ddpm',
  title: (o) => `DDPM ${o.steps} steps, ${o.n} points, exact 8-Gaussians score`,
  graph: ddpmGraph,
  hand: ddpmSample,
  deterministic: false,
  loop: true,
};

export const PF_ODE: SamplerKind = {
  id: 'pf-ode',
  title: (o) => `PF-ODE (VP) RK4 ${o.steps} steps, ${o.n} points, exact score`,
  graph: pfOdeGraph,
  hand: pfOdeSample,
  deterministic: true,
};

export const DPM_SOLVER: SamplerKind = {
  id: 'dpm-solver',
  title: (o) => `DPM-Solver++(2M) ${o.steps} steps (VP, log-SNR grid), ${o.n} points, exact score`,
  graph: dpmSolverGraph,
  hand: dpmSolverSample,
  deterministic: true,
};

export const EDM: SamplerKind = {
  id: 'edm',
  title: (o) => `EDM Heun, Karras grid of ${o.steps} levels (${2 * o.steps - 1} evaluations), ${o.n} points, exact score`,
  graph: edmGraph,
  hand: edmSample,
  deterministic: true,
};

async function settle(t: tf.Tensor): Promise<void> {
  await t.data();
}

export function samplerCase(kind: SamplerKind, registry: NodeRegistry, o: SamplerCaseOptions): BenchCase {
  const g = kind.graph(o.n, o.steps);
  const executor = new Executor(registry);
  const upstream = new Executor(registry);
  const samplerNode = g.nodes.find((nd) => nd.id === SAMPLER)!;
  // The same graph with the sampler expanded into a loop of its step nodes.
  const looped = kind.loop ? expandInGraph(g, SAMPLER) : undefined;
  const samplerDef = registry.get(samplerNode.type)!;
  let inputs: Record<string, unknown> = {};

  const runGraph = async (ex: Executor, targets: string[]) => {
    const r = await ex.run(g, { targets });
    if (r.status !== 'done') throw new Error(`graph run ${r.status}: ${r.error?.message ?? ''}`);
  };

  const variants: Variant[] = [
    {
      key: 'graph',
      label: 'graph (Executor)',
      run: async () => {
        await runGraph(executor, [SAMPLER]);
        await settle(executor.outputsOf(SAMPLER)!.x0 as tf.Tensor);
        executor.clear();
      },
    },
    {
      key: 'direct',
      label: 'node run() direct',
      run: async () => {
        const out = await runNode(samplerDef, inputs, samplerNode.params, { seed: 5 });
        await settle(out.x0 as tf.Tensor);
        disposeValues(out);
      },
    },
    ...(looped
      ? [
          {
            key: 'loop',
            label: 'loop of step nodes (Executor)',
            run: async () => {
              const r = await executor.run(looped.graph, { targets: [looped.loopId] });
              if (r.status !== 'done') throw new Error(`loop run ${r.status}: ${r.error?.message ?? ''}`);
              await settle(executor.outputsOf(looped.loopId)!.x0 as tf.Tensor);
              executor.clear();
            },
          },
        ]
      : []),
    {
      key: 'hand',
      label: 'hand-written tfjs',
      run: async () => {
        const x = kind.hand(o.n, o.steps, 7);
        await settle(x);
        x.dispose();
      },
    },
  ];

  return {
    id: `${o.group}/${kind.id}/${o.backend}`,
    group: o.group,
    title: kind.title(o),
    backend: o.backend,
    units: o.steps,
    unitName: 'step',
    variants,
    ratios: [
      ['graph/hand', 'graph', 'hand'],
      ['graph/direct', 'graph', 'direct'],
      ['direct/hand', 'direct', 'hand'],
      ...(looped ? [['loop/graph', 'loop', 'graph'] as [string, string, string]] : []),
    ],
    setup: async () => {
      // The sampler's inputs for the direct variant, made once by the graph's upstream nodes.
      await runGraph(upstream, ['score', 'schedule', 'prior']);
      inputs = { predictor: upstream.outputsOf('score')!.predictor, schedule: upstream.outputsOf('schedule')!.schedule, xT: upstream.outputsOf('prior')!.x };
    },
    check: async () => {
      // The hand-written sampler from the graph's own x_T: the same ODE solution, or the same law.
      await runGraph(executor, [SAMPLER]);
      const graphX = executor.outputsOf(SAMPLER)!.x0 as tf.Tensor2D;
      const handX = kind.hand(o.n, o.steps, 7, executor.outputsOf('prior')!.x as tf.Tensor2D);
      const out: Record<string, number | string> = {
        graphModeDistance: await meanDistanceToModes(graphX),
        handModeDistance: await meanDistanceToModes(handX),
      };
      if (kind.deterministic) {
        const d = tf.tidy(() => tf.max(tf.abs(tf.sub(graphX, handX))));
        out.maxAbsDifference = (await d.data())[0];
        d.dispose();
      }
      handX.dispose();
      executor.clear();
      return out;
    },
    teardown: async () => {
      executor.clear();
      upstream.clear();
      inputs = {};
    },
  };
}
