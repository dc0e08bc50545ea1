import type { NodeBackend } from '../../src/engine/backend-node';
import { disposeValues } from '../../src/engine/dispose';
import { Executor } from '../../src/engine/executor';
import type { NodeRegistry } from '../../src/engine/registry';
import { runNode } from '../../src/engine/testing';
import { dsmGraph, TRAIN } from '../graphs';
import { trainDsm, type DenseFlavour } from '../hand/dsm';
import type { Variant } from '../harness';
import type { BenchCase, CaseGroup } from './types';

/** Node types the training cases need; until they are registered the cases are skipped with a note. */
export const TRAINING_NODES = ['model/score-mlp', 'train/denoising'];

export function missingTrainingNodes(registry: NodeRegistry): string[] {
  return TRAINING_NODES.filter((t) => !registry.has(t));
}

export interface DsmCaseOptions {
  group: CaseGroup;
  backend: NodeBackend;
  steps: number;
  batch: number;
  /** Which variants: graph (Executor), direct (node run()), hand (custom-gradient dense), plain (autodiff dense). */
  variants: ('graph' | 'direct' | 'hand' | 'plain')[];
  idSuffix?: string;
}

/**
 * DSM training of the 18→128→128→128→2 score MLP, batch B, Adam 1e-3: through the Executor
 * (model/score-mlp → train/denoising), the node's run() called directly, and the hand-written
 * loops of bench/hand/dsm.ts. Each variant trains a fresh network from the same kind of init.
 */
export function dsmCase(registry: NodeRegistry, o: DsmCaseOptions): BenchCase {
  const g = dsmGraph(o.steps, o.batch);
  const executor = new Executor(registry);
  const upstream = new Executor(registry);
  const trainNode = g.nodes.find((nd) => nd.id === TRAIN)!;
  let inputs: Record<string, unknown> = {};
  const runGraph = async (ex: Executor, targets: string[]) => {
    const r = await ex.run(g, { targets });
    if (r.status !== 'done') throw new Error(`graph run ${r.status}: ${r.error?.message ?? ''}`);
  };
  const hand = (flavour: DenseFlavour, steps: number) => async () => {
    await trainDsm(steps, o.batch, 11, flavour);
  };
  const all: Record<DsmCaseOptions['variants'][number], Variant> = {
    graph: {
      key: 'graph',
      label: 'graph (Executor)',
      run: async () => {
        await runGraph(executor, [TRAIN]);
        executor.clear();
      },
    },
    direct: {
      key: 'direct',
      label: 'node run() direct',
      run: async () => disposeValues(await runNode(registry.get('train/denoising')!, inputs, trainNode.params, { seed: 3 })),
    },
    hand: { key: 'hand', label: 'hand-written (custom-grad dense)', run: hand('custom', o.steps) },
    plain: { key: 'plain', label: 'hand-written (autodiff dense)', run: hand('plain', o.steps) },
  };
  const ratios: [string, string, string][] = [];
  const has = (k: string) => o.variants.includes(k as DsmCaseOptions['variants'][number]);
  for (const [a, b] of [['graph', 'hand'], ['graph', 'direct'], ['direct', 'hand'], ['graph', 'plain'], ['hand', 'plain']]) if (has(a) && has(b)) ratios.push([`${a}/${b}`, a, b]);
  return {
    id: `${o.group}/dsm${o.idSuffix ?? ''}/${o.backend}`,
    group: o.group,
    title: `DSM training, ${o.steps} steps of batch ${o.batch} (18→128→128→128→2, Adam)`,
    backend: o.backend,
    units: o.steps,
    unitName: 'step',
    variants: o.variants.map((k) => all[k]),
    ratios,
    setup: async () => {
      if (has('direct')) {
        await runGraph(upstream, ['model', 'data', 'schedule']);
        inputs = { model: upstream.outputsOf('model')!.model, data: upstream.outputsOf('data')!.dist, schedule: upstream.outputsOf('schedule')!.schedule };
      }
      // Warm-up: up to 100 steps of each variant (kernels, allocator, JIT) instead of a full untimed
      // run. V8 runs a new WASM kernel in its baseline compiler first and swaps in optimised code
      // from a background thread once the kernel is hot: the training step reaches its steady
      // speed after ~70 steps (measured 52, 22, 13, 9.4 and then 8.0 ms a step of CPU time).
      const warm = dsmCase(registry, { ...o, steps: Math.min(o.steps, 100), variants: o.variants.filter((v) => v !== 'direct') });
      for (const v of warm.variants) await v.run();
      await warm.teardown?.();
    },
    teardown: async () => {
      executor.clear();
      upstream.clear();
      inputs = {};
    },
  };
}
