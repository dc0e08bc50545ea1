import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../nodes';
import { parseGraphFile } from '../../src/engine/load';
import { runGraphFile } from '../../src/cli/run';

/**
 * Issue 15's bar as a graph (bench/README.md §3c): its full run (3 × 1000 digits by DDIM 50) takes
 * about an hour on WASM, so CI checks that it is the bar — the sizes, the judge, the bounds — and
 * that it runs end to end at a tiny size.
 */
const file = new URL('./mnist-digits.json', import.meta.url).pathname;
const registry = createRegistry();
const parsed = parseGraphFile(readFileSync(file, 'utf8'), registry);

describe('bench/quality/mnist-digits.json (issue 15 bar)', () => {
  it('is the bar: 1000 digits each way by DDIM 50, judged against 2000 held-out digits, with the issue’s bounds', () => {
    expect(parsed.issues).toEqual([]);
    const g = parsed.graph!;
    const params = (id: string) => g.nodes.find((n) => n.id === id)!.params as Record<string, unknown>;
    for (const x of ['xT', 'xFree']) expect(params(x).n).toBe(1000);
    for (const s of ['sampler', 'samplerGuided', 'samplerFree']) expect(params(s)).toMatchObject({ steps: 50, eta: 0 });
    expect(params('heldOut')).toMatchObject({ skip: 8000, n: 2000 });
    expect(params('guided').w).toBe(0.5);
    const bound = (node: string, port: string) => g.assertions.find((a) => a.node === node && a.port === port);
    expect(bound('digitsGuided', 'confident')).toMatchObject({ gt: 0.85 });
    expect(bound('digitsGuided', 'ratio')).toMatchObject({ lt: 3 });
    expect(bound('digitsGuided', 'classMin')).toMatchObject({ gt: 0.05 });
    expect(bound('digitsGuided', 'classMax')).toMatchObject({ lt: 0.15 });
  });

  it('runs end to end at a tiny size and releases its tensors', { timeout: 120_000 }, async () => {
    const set = (node: string, param: string, value: number) => ({ node, param, value, text: `${node}.${param}=${value}` });
    const sets = [...['xT', 'xFree'].map((id) => set(id, 'n', 4)), ...['sampler', 'samplerGuided', 'samplerFree'].map((id) => set(id, 'steps', 2))];
    const before = tf.memory().numTensors;
    const outcome = await runGraphFile(parsed.graph!, { file: 'mnist-digits.json', out: '', backend: 'wasm', sets, quiet: true }, registry, () => {});
    expect(outcome.summary.error).toBeUndefined();
    const nodes = outcome.summary.nodes as Record<string, { outputs: Record<string, { value?: number }> }>;
    for (const id of ['digits', 'digitsGuided', 'digitsFree']) expect(nodes[id].outputs.fd.value).toBeGreaterThan(0);
    expect(nodes.samplerGuided.outputs.nfe.value).toBe(2); // predictor evaluations: each guided one is two U-Net calls
    expect(tf.memory().numTensors).toBe(before);
  });
});
