import * as tf from '@tensorflow/tfjs';
import os from 'node:os';
import { createRegistry } from '../nodes';
import type { NodeRegistry } from '../src/engine/registry';
import type { BenchConfig } from './config';
import { qualityLadder, type QualityResult } from './cases/quality';
import { DDPM, DPM_SOLVER, EDM, PF_ODE, samplerCase } from './cases/sampling';
import { dsmCase, missingTrainingNodes } from './cases/training';
import { unetDdimCase, unetTrainCase } from './cases/unet';
import type { BenchCase, CaseResult } from './cases/types';
import { compareBackends, comparePeer, type BackendComparison, type PeerComparison } from './compare';
import { machineInfo, type MachineInfo } from './machine';
import { installPeakTracker } from './memory';
import { runPeer, type PeerCase } from './peer';
import { runCase, useBackend } from './runner';

export interface BenchResults {
  mode: string;
  startedAt: string;
  seconds: number;
  machine: MachineInfo;
  /** 1-minute load averages at the start and the end: above ~1 the wall times carry other processes' load. */
  loadAverage: { start: number; end: number };
  config: BenchConfig;
  cases: CaseResult[];
  backends: BackendComparison[];
  peer: { status: 'ok'; executable: string; python: string; torch: string; blas: string[]; comparisons: PeerComparison[] } | { status: 'skipped'; reason: string };
  quality: QualityResult | { skipped: string };
  notes: string[];
}

/** Steps of the DPM-Solver and EDM cases: a fifth of the ODE case's (20 in the full run), at least 3. */
const fewSteps = (config: BenchConfig) => Math.max(3, Math.round(config.odeSteps / 5));

/** Every timed case of a run, in order: WASM (engine overhead, training), then the CPU backend. */
export function buildCases(config: BenchConfig, registry: NodeRegistry, notes: string[]): BenchCase[] {
  const wasm = 'wasm' as const;
  const training = missingTrainingNodes(registry).length === 0;
  if (!training) notes.push(`DSM cases skipped: node types not registered yet: ${missingTrainingNodes(registry).join(', ')}`);
  const trainTiming = { warmup: 0, runs: config.trainRuns };
  const cases: BenchCase[] = [
    samplerCase(DDPM, registry, { group: 'overhead', backend: wasm, n: config.n, steps: config.ddpmSteps }),
    samplerCase(PF_ODE, registry, { group: 'overhead', backend: wasm, n: config.n, steps: config.odeSteps }),
    // The few-step solvers at the step counts they are used with: 20 for the full run (odeSteps / 5).
    samplerCase(DPM_SOLVER, registry, { group: 'overhead', backend: wasm, n: config.n, steps: fewSteps(config) }),
    samplerCase(EDM, registry, { group: 'overhead', backend: wasm, n: config.n, steps: fewSteps(config) }),
  ];
  if (training) {
    const { steps, batch, detailSteps } = config.train;
    cases.push(
      { ...dsmCase(registry, { group: 'overhead', backend: wasm, steps, batch, variants: ['graph', 'hand'] }), timing: trainTiming },
      { ...dsmCase(registry, { group: 'overhead', backend: wasm, steps: detailSteps, batch, variants: ['graph', 'direct', 'hand', 'plain'], idSuffix: '-detail' }), timing: trainTiming },
    );
  }
  if (config.unet) {
    const unetTiming = { warmup: 0, runs: config.trainRuns };
    cases.push({ ...unetTrainCase(config.unet), timing: unetTiming }, { ...unetDdimCase(config.unet), timing: unetTiming });
  }
  if (config.cpu) {
    cases.push(
      samplerCase(DDPM, registry, { group: 'backend', backend: 'cpu', n: config.n, steps: config.cpu.ddpmSteps }),
      samplerCase(PF_ODE, registry, { group: 'backend', backend: 'cpu', n: config.n, steps: config.cpu.odeSteps }),
    );
    if (training) {
      cases.push({ ...dsmCase(registry, { group: 'backend', backend: 'cpu', steps: config.cpu.trainSteps, batch: config.train.batch, variants: ['graph', 'hand'] }), timing: trainTiming });
    }
  }
  // --only: the cases whose id contains one of the given strings.
  return config.only ? cases.filter((c) => config.only!.some((o) => c.id.includes(o))) : cases;
}

/** The peer's cases that have a tfjs case in this run to be compared with. */
const PEER_CASES: [PeerCase, string][] = [
  ['ddpm', 'overhead/ddpm/wasm'],
  ['dsm', 'overhead/dsm/wasm'],
  ['unet-train', 'training/unet-train/wasm'],
  ['unet-ddim', 'training/unet-ddim/wasm'],
];

export async function runBench(config: BenchConfig, log: (line: string) => void = console.log, registry: NodeRegistry = createRegistry()): Promise<BenchResults> {
  const started = performance.now();
  const startBackend = tf.getBackend();
  const notes: string[] = [];
  await useBackend('wasm');
  installPeakTracker();
  const results: BenchResults = {
    mode: config.mode,
    startedAt: new Date().toISOString(),
    seconds: 0,
    machine: machineInfo(),
    loadAverage: { start: os.loadavg()[0], end: NaN },
    config,
    cases: [],
    backends: [],
    peer: { status: 'skipped', reason: 'not run (peer off: --no-peer or --smoke)' },
    quality: { skipped: 'not run (--no-quality)' },
    notes,
  };
  try {
    const cases = buildCases(config, registry, notes);
    log(`[bench] ${config.mode}: ${cases.length} timed cases on ${results.machine.cpu} (${results.machine.cores} cores), load ${results.loadAverage.start.toFixed(2)}`);
    let peerDone = !config.peer;
    for (const c of cases) {
      // The peer runs once the WASM cases it is compared with are done, before the slow CPU backend.
      if (c.backend === 'cpu' && !peerDone) {
        results.peer = peerSection(config, results.cases, log);
        peerDone = true;
      }
      results.cases.push(await runCase(c, config.timing, log));
    }
    if (!peerDone) results.peer = peerSection(config, results.cases, log);
    results.backends = compareBackends(results.cases);
    if (config.qualityLadder && !config.only) {
      await useBackend('wasm');
      if (missingTrainingNodes(registry).length) results.quality = { skipped: 'train/denoising is not registered yet' };
      else {
        log('  training/quality: time to the sampling-quality bar');
        results.quality = await qualityLadder(registry, config.qualityLadder, config.train.batch, log);
      }
    }
  } finally {
    if (startBackend && tf.getBackend() !== startBackend) await useBackend(startBackend);
  }
  results.loadAverage.end = os.loadavg()[0];
  results.seconds = (performance.now() - started) / 1000;
  return results;
}

function peerSection(config: BenchConfig, cases: CaseResult[], log: (line: string) => void): BenchResults['peer'] {
  log('  peer: PyTorch on one CPU thread');
  const wanted = PEER_CASES.filter(([, id]) => cases.some((c) => c.id === id)).map(([p]) => p);
  if (!wanted.length) return { status: 'skipped', reason: 'no case of this run has a peer' };
  const outcome = runPeer(config, wanted);
  if (!outcome.ok) {
    log(`    ${outcome.reason}`);
    return { status: 'skipped', reason: outcome.reason };
  }
  const { run } = outcome;
  log(`    ${run.executable} (Python ${run.python}): torch ${run.torch}, ${run.threads} thread, BLAS ${run.blas.join(', ') || 'unknown'}`);
  return { status: 'ok', executable: run.executable, python: run.python, torch: run.torch, blas: run.blas, comparisons: comparePeer(run, cases) };
}
