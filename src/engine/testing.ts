import { guardInputs } from './input-guard';
import type { RunContext } from './context';
import { CancelledError } from './context';
import type { AnyNodeDef, Values } from './node';

export interface TestRunOptions {
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number, preview?: unknown) => void;
}

/** A RunContext for running one node outside a graph (tests, benchmarks). */
export function testContext(opts: TestRunOptions = {}, nodeId = 'test'): RunContext {
  const signal = opts.signal ?? new AbortController().signal;
  return {
    signal,
    seed: opts.seed ?? 0,
    nodeId,
    backend: 'test',
    progress: (f, p) => opts.onProgress?.(f, p),
    checkpoint: async () => {
      if (signal.aborted) throw new CancelledError();
    },
  };
}

/** Run one node definition with its params validated (defaults filled in) as the executor would. */
export async function runNode(def: AnyNodeDef, inputs: Values, params: Record<string, unknown> = {}, opts: TestRunOptions = {}): Promise<Values> {
  const parsed = def.params.parse(params);
  guardInputs(def, inputs);
  return def.run(inputs as never, parsed, testContext(opts));
}
