import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRegistry } from '../../../nodes';
import { decodeNpy } from '../../cli/npy';
import { runGraphFile } from '../../cli/run';
import type { GraphFile } from '../../engine/format';
import { loadGraphFile } from '../../engine/load';
import { exportGraph } from './export-graph';
import { nodeExportSources } from './sources-node';

/**
 * Parity of an exported script with the lab (tests): export a graph, run graph.py with a Python
 * that has torch, run the lab's CLI runner in-process on the same graph and seed, compare every
 * .npy file both wrote.
 */

let cachedPython: string | null | undefined;

/** A Python 3 with torch and numpy: $DGL_PYTHON, else /usr/bin/python3 (Debian's python3-torch), else python3 on PATH. */
export function torchPython(): string | null {
  if (cachedPython !== undefined) return cachedPython;
  const candidates = [process.env.DGL_PYTHON, '/usr/bin/python3', 'python3'].filter((c): c is string => !!c);
  cachedPython = candidates.find((py) => spawnSync(py, ['-c', 'import torch, numpy'], { stdio: 'ignore' }).status === 0) ?? null;
  return cachedPython;
}

export const NO_TORCH = 'python3 with torch and numpy not found (install Debian’s python3-torch python3-numpy, or set DGL_PYTHON): export parity tests skipped';

const registry = createRegistry();

export interface ScriptRun {
  dir: string;
  code: number | null;
  output: string;
  /** `<node>.<port>.npy` → array. */
  arrays: Map<string, { shape: number[]; data: Float32Array }>;
  summary: Record<string, unknown>;
}

function readArrays(dir: string): Map<string, { shape: number[]; data: Float32Array }> {
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const f of readdirSync(dir)) if (f.endsWith('.npy')) out.set(f, decodeNpy(new Uint8Array(readFileSync(path.join(dir, f)))));
  return out;
}

/** Export `graph` and run its graph.py (extra arguments after --out). */
export async function runExported(graph: unknown, args: string[] = []): Promise<ScriptRun> {
  const python = torchPython();
  if (!python) throw new Error(NO_TORCH);
  const dir = mkdtempSync(path.join(tmpdir(), 'dgl-export-'));
  const files = await exportGraph(graph, registry, nodeExportSources());
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  const res = path.join(dir, 'results');
  const r = spawnSync(python, [path.join(dir, 'graph.py'), '--out', res, ...args], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  return { dir, code: r.status, output: `${r.stdout}\n${r.stderr}`, arrays: readArrays(res), summary: JSON.parse(readFileSync(path.join(res, 'summary.json'), 'utf8')) as Record<string, unknown> };
}

/** The lab's CLI runner on the same graph: `<node>.<port>.npy` → array, and its summary. */
export async function runLab(graph: unknown, seed?: number): Promise<{ arrays: Map<string, { shape: number[]; data: Float32Array }>; summary: Record<string, unknown> }> {
  const file: GraphFile = loadGraphFile(graph, registry);
  const outcome = await runGraphFile(file, { file: 'parity', out: '', backend: 'wasm', sets: [], quiet: true, seed }, registry, () => {});
  if (outcome.summary.error) throw new Error(`the lab failed: ${JSON.stringify(outcome.summary.error)}`);
  return { arrays: new Map(outcome.files.map(([name, bytes]) => [name, decodeNpy(bytes)])), summary: outcome.summary };
}

/** max|a − b| / max(max|b|, 1e-12): the error of an array relative to its size (float32 rounding is ~1e-7 of it). */
export function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / Math.max(scale, 1e-12);
}

export interface Comparison {
  file: string;
  shape: number[];
  relError: number;
}

/** Every array the lab wrote against the script's: missing files and shape mismatches throw. */
export function compareRuns(lab: Map<string, { shape: number[]; data: Float32Array }>, script: Map<string, { shape: number[]; data: Float32Array }>): Comparison[] {
  return [...lab].map(([file, want]) => {
    const got = script.get(file);
    if (!got) throw new Error(`the script wrote no ${file} (it wrote ${[...script.keys()].join(', ')})`);
    if (got.shape.join() !== want.shape.join()) throw new Error(`${file}: the script's shape [${got.shape}] is not the lab's [${want.shape}]`);
    return { file, shape: want.shape, relError: relativeError(got.data, want.data) };
  });
}
