import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Running the exported Python from Node tests: which interpreter has torch and numpy (the first of
 * $TORCH_PYTHON, $BENCH_PYTHON, python3, /usr/bin/python3 that imports both: python3 on PATH may be
 * another Python without torch, NOTES.md), and a run of a script with the helper folders on
 * PYTHONPATH (src/export/torch/python and its models/), so the helpers import each other as
 * modules there and are inlined in graph.py by the exporter.
 */
const PYTHON_DIR = fileURLToPath(new URL('..', import.meta.url));

let found: string | null | undefined;

export function torchPython(): string | undefined {
  if (found === undefined) {
    const candidates = [process.env.TORCH_PYTHON, process.env.BENCH_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
    found = candidates.find((c) => spawnSync(c, ['-c', 'import torch, numpy'], { stdio: 'ignore' }).status === 0) ?? null;
  }
  return found ?? undefined;
}

/** Why the Python tests are skipped, or undefined when they can run. */
export function noTorchReason(): string | undefined {
  return torchPython() ? undefined : 'no python3 with torch and numpy (Debian: apt-get install python3-torch python3-numpy libopenblas0-pthread; or set TORCH_PYTHON)';
}

/** Run Python source (or a file with `file: true`) with arguments; returns stdout; throws with stderr on failure. */
export function runPython(source: string, args: string[] = [], o: { file?: boolean; timeoutMs?: number; env?: Record<string, string> } = {}): string {
  const python = torchPython();
  if (!python) throw new Error(noTorchReason());
  const argv = o.file ? [source, ...args] : ['-c', source, ...args];
  const env = { ...process.env, PYTHONPATH: [PYTHON_DIR, path.join(PYTHON_DIR, 'models')].join(path.delimiter), OMP_NUM_THREADS: '1', ...o.env };
  const r = spawnSync(python, argv, { encoding: 'utf8', env, timeout: o.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`python exited with ${r.status ?? r.signal}:\n${r.stderr}`);
  return r.stdout;
}
