import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchConfig } from './config';

/**
 * The PyTorch peer (bench/peer/peer.py), run as a child process on one CPU thread. Found as
 * $BENCH_PYTHON, else the first of python3 and /usr/bin/python3 (Debian's, where
 * python3-torch installs) that can import torch; skipped with a message when none can.
 */
export interface PeerTimes {
  wall: number[];
  cpu: number[];
  steps: number;
  [extra: string]: unknown;
}

export interface PeerRun {
  /** The interpreter used (path or command) and its version. */
  executable: string;
  python: string;
  torch: string;
  threads: number;
  blas: string[];
  cases: Partial<Record<PeerCase, PeerTimes>>;
}

/** The peer's cases: bench/peer/peer.py --cases. */
export type PeerCase = 'ddpm' | 'dsm' | 'unet-train' | 'unet-ddim';

export type PeerOutcome = { ok: true; run: PeerRun } | { ok: false; reason: string };

const SCRIPT = fileURLToPath(new URL('./peer/peer.py', import.meta.url));
/** One thread for every threading layer torch may use. */
const ONE_THREAD = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

let found: string | null | undefined;

/** The first interpreter that imports torch (looked up once per process). */
export function findPython(): string | null {
  if (found !== undefined) return found;
  found = null;
  const candidates = [process.env.BENCH_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 });
    if (r.status === 0) return (found = py);
  }
  return null;
}

export function runPeer(config: BenchConfig, cases: PeerCase[]): PeerOutcome {
  const python = findPython();
  if (!python) return { ok: false, reason: 'no python3 with torch found (Debian: apt-get install python3-torch; or set BENCH_PYTHON): the PyTorch peer is skipped' };
  const args = [
    SCRIPT,
    `--n=${config.n}`,
    `--ddpm-steps=${config.ddpmSteps}`,
    `--train-steps=${config.train.steps}`,
    `--batch=${config.train.batch}`,
    `--runs=${config.timing.runs}`,
    `--train-runs=${config.trainRuns}`,
    `--warmup=${config.timing.warmup}`,
    ...(config.unet ? [`--unet-train-steps=${config.unet.trainSteps}`, `--unet-ddim-steps=${config.unet.ddimSteps}`, `--unet-batch=${config.unet.batch}`] : []),
    `--cases=${cases.join(',')}`,
  ];
  const r = spawnSync(python, args, { encoding: 'utf8', env: { ...process.env, ...ONE_THREAD }, timeout: 15 * 60_000, maxBuffer: 1 << 20 });
  if (r.status !== 0) return { ok: false, reason: `the peer failed (${python}, exit ${r.status ?? r.signal}): ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}` };
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return { ok: true, run: { ...JSON.parse(line), executable: python } as PeerRun };
  } catch {
    return { ok: false, reason: `the peer printed no JSON: ${line.slice(0, 200)}` };
  }
}
