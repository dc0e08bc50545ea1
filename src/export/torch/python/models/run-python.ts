import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NO_TORCH, torchPython } from '../../parity';

/**
 * Running the exported Python helpers from Node tests as modules: a script runs with the helper
 * folders on PYTHONPATH (src/export/torch/python and its models/), so the helpers import each other
 * there (the exporter inlines them into graph.py instead). The interpreter is parity.ts's torchPython.
 */
const PYTHON_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Why the Python tests are skipped, or undefined when they can run. */
export function noTorchReason(): string | undefined {
  return torchPython() ? undefined : NO_TORCH;
}

/** Run Python source with arguments; returns stdout; throws with stderr on failure. */
export function runPython(source: string, args: string[] = [], o: { timeoutMs?: number } = {}): string {
  const python = torchPython();
  if (!python) throw new Error(NO_TORCH);
  const env = { ...process.env, PYTHONPATH: [PYTHON_DIR, path.join(PYTHON_DIR, 'models')].join(path.delimiter), OMP_NUM_THREADS: '1' };
  const r = spawnSync(python, ['-c', source, ...args], { encoding: 'utf8', env, timeout: o.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`python exited with ${r.status ?? r.signal}:\n${r.stderr}`);
  return r.stdout;
}
