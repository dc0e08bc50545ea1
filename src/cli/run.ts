import * as tf from '@tensorflow/tfjs';
import { checkAssertion, type AssertionResult } from '../engine/assertions';
import { selectNodeBackend } from '../engine/backend-node';
import { formatIssue } from '../engine/errors';
import { estimateGraph } from '../engine/estimate';
import { Executor } from '../engine/executor';
import type { RunResult } from '../engine/events';
import type { GraphFile } from '../engine/format';
import type { NodeRegistry } from '../engine/registry';
import { summarizeOutputs } from '../../workers/summary';
import { validateGraph } from '../engine/validate';
import type { CliArgs } from './args';
import { setTrainingCheckpoints } from '../../nodes/lib/nn/train-checkpoints';
import { fileCheckpoints } from './checkpoints';
import { encodeNpy } from './npy';
import { trainedWeightFiles } from './weights';
import { loadedWeightStore } from './load-weights';

export interface CliOutcome {
  exitCode: 0 | 1 | 2;
  usageError?: string;
  summary: Record<string, unknown>;
  /** Files to write into the output folder: `<node>.<port>.npy`. */
  files: [string, Uint8Array][];
  /** Lines for stdout. */
  report: string[];
  /** `--save-weights` files: [path (as given), safetensors bytes]. */
  weights?: [string, Uint8Array][];
}

/** Apply `--set` overrides and `--seed`; an override naming an unknown node or param is a usage error. */
export function applyOverrides(graph: GraphFile, args: Pick<CliArgs, 'sets' | 'seed'>, registry: NodeRegistry): { graph: GraphFile } | { error: string } {
  const out = structuredClone(graph);
  if (args.seed !== undefined) out.seed = args.seed;
  for (const set of args.sets) {
    const node = out.nodes.find((n) => n.id === set.node);
    if (!node) return { error: `--set ${set.text}: there is no node '${set.node}' (nodes: ${out.nodes.map((n) => n.id).join(', ')})` };
    const shape = (registry.get(node.type)?.params as { shape?: Record<string, unknown> } | undefined)?.shape;
    if (shape && !Object.hasOwn(shape, set.param)) return { error: `--set ${set.text}: node '${set.node}' (${node.type}) has no param '${set.param}' (params: ${Object.keys(shape).join(', ')})` };
    node.params = { ...node.params, [set.param]: set.value };
  }
  const v = validateGraph(out, registry);
  const issues = [...v.issues, ...[...v.nodeIssues.values()].flat()];
  if (issues.length) return { error: issues.map(formatIssue).join('\n') };
  return { graph: out };
}

export async function runGraphFile(input: GraphFile, args: CliArgs, registry: NodeRegistry, log: (line: string) => void, signal?: AbortSignal): Promise<CliOutcome> {
  const applied = applyOverrides(input, args, registry);
  if ('error' in applied) return { exitCode: 2, usageError: applied.error, summary: {}, files: [], report: [] };
  const graph = applied.graph;
  const unknownTargets = (args.targets ?? []).filter((t) => !graph.nodes.some((n) => n.id === t));
  if (unknownTargets.length) return { exitCode: 2, usageError: `--targets: there is no node ${unknownTargets.map((t) => `'${t}'`).join(', ')} (nodes: ${graph.nodes.map((n) => n.id).join(', ')})`, summary: {}, files: [], report: [] };
  // Work and memory before any node runs (estimate.ts): past the hard bound never, past the soft one with --allow-large.
  const allowLarge = args.allowLarge !== false;
  const refused = estimateGraph(graph, registry, args.targets).nodes.filter((n) => n.level === 'hard' || (n.level === 'soft' && !allowLarge));
  if (refused.length) return { exitCode: 2, usageError: refused.map((n) => n.message).join('\n'), summary: {}, files: [], report: [] };
  const missing = [...Object.keys(args.saveWeights ?? {}), ...Object.keys(args.checkpoints ?? {})].filter((id) => !graph.nodes.some((n) => n.id === id));
  if (missing.length) return { exitCode: 2, usageError: `--save-weights/--checkpoint: there is no node ${missing.map((t) => `'${t}'`).join(', ')}`, summary: {}, files: [], report: [] };
  const backend = await selectNodeBackend(args.backend);
  let loaded: Awaited<ReturnType<typeof loadedWeightStore>> | undefined;
  try {
    loaded = args.loadWeights ? await loadedWeightStore(args.loadWeights, graph, registry) : undefined;
  } catch (e) {
    return { exitCode: 2, usageError: (e as Error).message, summary: {}, files: [], report: [] };
  }
  const executor = new Executor(registry, loaded);
  setTrainingCheckpoints(args.checkpoints && Object.keys(args.checkpoints).length ? fileCheckpoints(args.checkpoints, args.checkpointEvery ?? 100, log) : undefined);
  const result: RunResult = await executor.run(graph, {
    targets: args.targets,
    signal,
    largeWork: allowLarge ? 'allow' : 'refuse',
    onEvent: (e) => {
      if (e.type === 'done') log(`  ${e.node}: done in ${e.seconds.toFixed(2)} s`);
      else if (e.type === 'error') log(`  ${e.node}: error: ${e.message}`);
    },
  });
  const files: [string, Uint8Array][] = [];
  const nodes: Record<string, unknown> = Object.create(null);
  for (const [id, outcome] of Object.entries(result.nodes)) {
    const node = graph.nodes.find((n) => n.id === id)!;
    const def = registry.get(node.type)!;
    const outputs = executor.outputsOf(id);
    const entry: Record<string, unknown> = { type: node.type, ...outcome };
    if (outputs && (outcome.status === 'done' || outcome.status === 'cached')) {
      const summaries = await summarizeOutputs(def, outputs, false);
      // Preview payloads are for the editor; the summary names their kind only.
      entry.outputs = Object.fromEntries(summaries.map(({ port, preview, ...s }) => [port, preview ? { ...s, preview: preview.kind } : s]));
      for (const [port, value] of Object.entries(outputs)) {
        const tensor = value instanceof tf.Tensor ? value : (value as { frames?: unknown } | undefined)?.frames;
        if (tensor instanceof tf.Tensor) files.push([`${id}.${port}.npy`, encodeNpy(Float32Array.from(await tensor.data()), tensor.shape)]);
      }
    }
    nodes[id] = entry;
  }
  const assertions: (AssertionResult & { status?: 'not run' })[] = [];
  // An assertion on a node this run did not need (--targets) is "not run", neither held nor failed.
  const ran = (id: string) => Object.hasOwn(result.nodes, id);
  if (result.status === 'done') for (const a of graph.assertions) assertions.push(ran(a.node) ? await checkAssertion(a, executor.outputsOf(a.node)) : notRun(a));
  setTrainingCheckpoints(undefined);
  const weightFiles = result.status === 'done' ? await trainedWeightFiles(args, (id) => executor.outputsOf(id)) : [];
  executor.clear();

  const report: string[] = [];
  if (result.status === 'error') report.push(`FAILED: ${result.error!.message}`);
  for (const a of assertions) report.push(`${a.status === 'not run' ? '--  ' : a.ok ? 'ok  ' : 'FAIL'} ${a.message}`);
  const failedAssertions = assertions.filter((a) => !a.ok && a.status !== 'not run').length;
  const notRunCount = assertions.filter((a) => a.status === 'not run').length;
  const exitCode = result.status === 'done' && failedAssertions === 0 ? 0 : 1;
  report.push(`${graph.name}: ${result.status}, ${result.seconds.toFixed(2)} s on ${backend.backend}; ${assertions.length - failedAssertions - notRunCount} of ${assertions.length} assertions hold${notRunCount ? `, ${notRunCount} not run` : ''}`);
  const summary = {
    graph: graph.name,
    file: args.file,
    backend: backend.backend,
    backendReason: backend.reason,
    seed: graph.seed,
    status: result.status,
    seconds: result.seconds,
    error: result.error,
    nodes,
    assertions,
  };
  return { exitCode, summary, files, report, weights: weightFiles };
}

function notRun(a: GraphFile['assertions'][number]): AssertionResult & { status: 'not run' } {
  return { ...a, value: null, ok: false, status: 'not run', message: `${a.node}.${a.port}: not run (outside --targets)` };
}
