import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { PRESETS } from './config';
import { findPython, runPeer } from './peer';
import { formatReport } from './report';
import { buildCases, runBench } from './suite';
import { createRegistry } from '../nodes';
import { unetParamCount } from '../nodes/lib/nn/unet-layout';
import { benchUNetConfig } from './cases/unet';

/**
 * A smoke run of the whole harness at tiny sizes (8 DDPM steps on 256 points, 4 training steps
 * of batch 32, the CPU backend for a step or two), so `npm run bench` cannot rot. It asserts
 * the shape of the results and the memory bookkeeping, not speed: timings here mean nothing.
 */
describe('npm run bench (smoke)', () => {
  it('runs every case, leaks nothing, and reports ratios', async () => {
    const backend = tf.getBackend();
    const start = tf.memory().numTensors;
    const r = await runBench({ ...PRESETS.smoke, peer: false }, () => {});
    expect(tf.getBackend()).toBe(backend);
    expect(tf.memory().numTensors).toBe(start);

    const ids = r.cases.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['overhead/ddpm/wasm', 'overhead/pf-ode/wasm', 'backend/ddpm/cpu', 'backend/pf-ode/cpu', 'training/unet-train/wasm', 'training/unet-ddim/wasm']));
    for (const c of r.cases) {
      expect(c.error, c.id).toBeUndefined();
      expect(c.memory.leakedTensors, c.id).toBe(0);
      expect(c.memory.leakedBytes, c.id).toBe(0);
      expect(c.memory.peak.numBytes, c.id).toBeGreaterThan(0);
      for (const v of Object.values(c.variants)) {
        expect(v.seconds.runs).toHaveLength(PRESETS.smoke.timing.runs);
        expect(v.cpuSeconds.median).toBeGreaterThan(0);
      }
      for (const ratio of Object.values(c.ratios)) expect(ratio.cpu, c.id).toBeGreaterThan(0);
    }
    // The deterministic PF-ODE: the hand-written RK4 from the graph's x_T lands on the graph's x(tEnd)
    // (float32 round-off over 2 steps of 4 stages: ≪ 1e-3).
    const ode = r.cases.find((c) => c.id === 'overhead/pf-ode/wasm')!;
    expect(ode.check!.maxAbsDifference as number).toBeLessThan(1e-3);
    expect(r.backends.map((b) => b.case)).toEqual(expect.arrayContaining(['ddpm', 'pf-ode']));
    expect(r.peer.status).toBe('skipped');

    const text = formatReport(r).join('\n');
    expect(text).toContain('Engine overhead');
    expect(text).toContain('graph/hand');
    expect(text).toContain('Memory per case');
    expect(JSON.parse(JSON.stringify(r)).machine.cores).toBeGreaterThan(0);
  });
});

describe('--only', () => {
  it('keeps the cases whose id contains one of the given strings', () => {
    const ids = buildCases({ ...PRESETS.smoke, only: ['unet'] }, createRegistry(), []).map((c) => c.id);
    expect(ids).toEqual(['training/unet-train/wasm', 'training/unet-ddim/wasm']);
  });
});

const python = findPython();

describe.skipIf(!python)('the PyTorch peer (when python3 with torch is present)', () => {
  it('runs both cases at tiny sizes and reports its times', () => {
    const outcome = runPeer({ ...PRESETS.smoke, peer: true }, ['ddpm', 'dsm']);
    if (!outcome.ok) throw new Error(outcome.reason);
    const { ddpm, dsm } = outcome.run.cases;
    expect(outcome.run.threads).toBe(1);
    expect(ddpm!.cpu).toHaveLength(PRESETS.smoke.timing.runs);
    expect(dsm!.wall).toHaveLength(PRESETS.smoke.trainRuns);
    expect(Number.isFinite(dsm!.finalLoss as number)).toBe(true);
  });

  it('builds the same U-Net as the lab (the parameter counts agree) and times its two cases', () => {
    const outcome = runPeer({ ...PRESETS.smoke, peer: true }, ['unet-train', 'unet-ddim']);
    if (!outcome.ok) throw new Error(outcome.reason);
    const { 'unet-train': train, 'unet-ddim': ddim } = outcome.run.cases;
    expect(train!.params).toBe(unetParamCount(benchUNetConfig()));
    expect(train!.cpu).toHaveLength(PRESETS.smoke.trainRuns);
    expect(Number.isFinite(train!.finalLoss as number)).toBe(true);
    expect(ddim!.steps).toBe(PRESETS.smoke.unet!.ddimSteps);
  });
});
