import * as tf from '@tensorflow/tfjs';
import { selectNodeBackend } from '../src/engine/backend-node';
import { measureVariants, ratio, type TimingOptions } from './harness';
import { currentPeak, memoryReport, resetPeak, snapshot } from './memory';
import type { BenchCase, CaseResult } from './cases/types';

/** Switch the tfjs backend when a case needs another one; fails loudly if it cannot. */
export async function useBackend(name: string): Promise<void> {
  if (tf.getBackend() === name) return;
  const choice = await selectNodeBackend(name as 'wasm' | 'cpu');
  if (choice.backend !== name) throw new Error(`backend ${name} is not available here (${choice.reason})`);
}

/** Run one case: setup, an untimed check, the timed variants, teardown; memory over the whole case. */
export async function runCase(c: BenchCase, opts: TimingOptions, log: (line: string) => void): Promise<CaseResult> {
  log(`  ${c.id}: ${c.title}`);
  await useBackend(c.backend);
  const before = snapshot();
  resetPeak();
  const base: Omit<CaseResult, 'variants' | 'ratios' | 'memory'> = {
    id: c.id,
    group: c.group,
    title: c.title,
    backend: tf.getBackend(),
    units: c.units,
    unitName: c.unitName,
    notes: c.notes,
  };
  try {
    await c.setup?.();
    const check = await c.check?.();
    const measured = await measureVariants(c.variants, c.timing ?? opts, log);
    await c.teardown?.();
    const peak = currentPeak();
    for (const v of Object.values(measured)) {
      if (v.memory.peak.numBytes > peak.numBytes) peak.numBytes = v.memory.peak.numBytes;
      if (v.memory.peak.numTensors > peak.numTensors) peak.numTensors = v.memory.peak.numTensors;
    }
    const variants = Object.fromEntries(
      Object.entries(measured).map(([k, v]) => [k, { ...v, perUnitMs: (1000 * v.seconds.median) / c.units, cpuPerUnitMs: (1000 * v.cpuSeconds.median) / c.units }]),
    );
    const ratios = Object.fromEntries(c.ratios.map(([name, a, b]) => [name, ratio(measured[a], measured[b])]));
    return { ...base, variants, ratios, memory: memoryReport(before, snapshot(), peak), check };
  } catch (e) {
    await c.teardown?.().catch(() => {});
    log(`  ${c.id} failed: ${(e as Error).stack ?? e}`);
    return { ...base, variants: {}, ratios: {}, memory: memoryReport(before, snapshot(), currentPeak()), error: (e as Error).message };
  }
}
