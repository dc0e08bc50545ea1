import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../nodes';
import { parseGraphFile } from '../src/engine/load';
import { runGraphFile } from '../src/cli/run';

/** Every graph file under graphs/ (examples and lessons): it loads, runs, and its assertions hold. */
function graphFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return graphFiles(full);
    return name.endsWith('.json') ? [full] : [];
  });
}

const registry = createRegistry();

/** Recipes whose full run takes hours (graphs/recipes/README.md): CI runs them for a few steps. */
const CI_SETS: Record<string, { node: string; param: string; value: unknown; text: string }[]> = {
  'mnist-unet.json': [
    { node: 'train', param: 'steps', value: 3, text: 'train.steps=3' },
    { node: 'final-loss', param: 'x', value: 3, text: 'final-loss.x=3' },
  ],
};
const files = graphFiles(path.dirname(new URL(import.meta.url).pathname));

describe('example and lesson graphs', () => {
  it('exist', () => expect(files.length).toBeGreaterThanOrEqual(6));

  for (const file of files) {
    const name = path.relative(process.cwd(), file);
    it(`${name} runs and its assertions hold`, { timeout: 300_000 }, async () => {
      const parsed = parseGraphFile(readFileSync(file, 'utf8'), registry);
      expect(parsed.issues).toEqual([]);
      const graph = parsed.graph!;
      expect(graph.assertions.length).toBeGreaterThan(0);
      const before = tf.memory().numTensors;
      const outcome = await runGraphFile(graph, { file: name, out: '', backend: 'wasm', sets: CI_SETS[path.basename(file)] ?? [], quiet: true }, registry, () => {});
      const failed = (outcome.summary.assertions as { ok: boolean; message: string }[]).filter((a) => !a.ok).map((a) => a.message);
      expect(outcome.summary.error).toBeUndefined();
      expect(failed).toEqual([]);
      expect(outcome.exitCode).toBe(0);
      // Runs release everything (the runner clears its executor).
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
