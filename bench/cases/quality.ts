import type * as tf from '@tensorflow/tfjs';
import { Executor } from '../../src/engine/executor';
import type { NodeRegistry } from '../../src/engine/registry';
import { qualityCheck } from '../../nodes/lib/sampling/swd-check';
import { SAMPLER, TRAIN, trainAndSampleGraph } from '../graphs';

/**
 * Time to the sampling-quality bar of the learned-models issue: train the score MLP on
 * 8gaussians for S steps (a fresh network for each S of the ladder, as a user setting `steps`
 * would), sample 2000 points with 100 deterministic DDIM steps, and rate them with the
 * samplers' quality check (nodes/lib/sampling/swd-check.ts): the sliced-Wasserstein distance
 * to fresh data over the data-to-data distance, both averaged over 4 draws. The bar is
 * ratio < 3; the time to it is the training time of the first S that passes.
 */
export const QUALITY_BAR = 3;
const SAMPLER_SPEC = { type: 'sampler/ddim', params: { steps: 100, eta: 0 } };

export interface QualityPoint {
  steps: number;
  trainSeconds: number;
  trainCpuSeconds: number;
  ratio: number;
}

export interface QualityResult {
  bar: number;
  sampler: string;
  points: QualityPoint[];
  /** The first point under the bar, or null when none of the ladder reached it. */
  reached: QualityPoint | null;
  error?: string;
}

export async function qualityLadder(registry: NodeRegistry, ladder: number[], batch: number, log: (line: string) => void): Promise<QualityResult> {
  const result: QualityResult = { bar: QUALITY_BAR, sampler: `${SAMPLER_SPEC.type} ${JSON.stringify(SAMPLER_SPEC.params)}, 2000 points`, points: [], reached: null };
  const qc = await qualityCheck();
  const executor = new Executor(registry);
  try {
    for (const steps of ladder) {
      const g = trainAndSampleGraph(steps, batch, 2000, SAMPLER_SPEC);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const trained = await executor.run(g, { targets: [TRAIN] });
      const trainSeconds = (performance.now() - t0) / 1000;
      const c = process.cpuUsage(c0);
      if (trained.status !== 'done') throw new Error(`training: ${trained.error?.message ?? trained.status}`);
      const sampled = await executor.run(g, { targets: [SAMPLER] });
      if (sampled.status !== 'done') throw new Error(`sampling: ${sampled.error?.message ?? sampled.status}`);
      const ratio = await qc.ratio(executor.outputsOf(SAMPLER)!.x0 as tf.Tensor2D);
      executor.clear();
      const point = { steps, trainSeconds, trainCpuSeconds: (c.user + c.system) / 1e6, ratio };
      result.points.push(point);
      log(`    ${steps} steps: trained in ${trainSeconds.toFixed(1)} s (${point.trainCpuSeconds.toFixed(1)} s cpu), SW ratio ${ratio.toFixed(2)}`);
      if (ratio < QUALITY_BAR) {
        result.reached = point;
        break;
      }
    }
  } catch (e) {
    result.error = (e as Error).message;
    log(`    quality ladder failed: ${result.error}`);
  } finally {
    executor.clear();
    qc.dispose();
  }
  return result;
}
