import * as tf from '@tensorflow/tfjs';
import { CancelledError, type RunContext } from '../../../src/engine/context';
import type { ImagesPreview, LinesPreview } from '../../../src/engine/preview';
import type { Series } from '../../../src/engine/values';
import { lineOf } from '../previews';

/**
 * The loop every training node shares: run `steps` optimisation steps, keep each step's metrics
 * on the backend and read them back in batches (never once per step: a read is a sync point),
 * average them over blocks of steps into at most `maxPoints` points per series, stream the
 * curves as a LinesPreview a few times a second, and let cancel through between steps.
 */
export interface TrainLoopOptions {
  steps: number;
  /** One name per entry of the metrics tensor a step returns. */
  metrics: string[];
  /** One optimisation step k = 0…steps−1: returns this step's metrics [m] (the loop disposes it). */
  step(k: number): tf.Tensor;
  ctx: RunContext;
  xLabel: string;
  /** x of step k is (k + 1)·xScale (e.g. 1/steps-per-epoch for epochs). */
  xScale?: number;
  yLabel: string;
  logY?: boolean;
  maxPoints?: number;
  /** Steps between reads of the metrics (at most; a preview also reads). */
  readEvery?: number;
  /** Minimum milliseconds between previews. */
  previewMs?: number;
  /** Continue a stopped run: steps before `step` are done, their block sums and counts as saved by `onCheckpoint`. */
  resume?: TrainLoopProgress;
  /** Called every `checkpointEvery` steps (after the metrics are read), with the curve so far. */
  checkpointEvery?: number;
  onCheckpoint?(progress: TrainLoopProgress): Promise<void>;
  /** Also call onCheckpoint when the run is cancelled, with the steps done by then (Stop, then continue). */
  checkpointOnCancel?: boolean;
  /** Called once the last step is done (before the result is returned). */
  onFinish?(): Promise<void>;
  /** Every `every` steps (and after the last), a grid of samples to show beside the curves (LinesPreview.samples). */
  samples?: { every: number; make(steps: number): Promise<ImagesPreview> };
}

/** Where a training loop stands: steps done and the metrics' block sums and counts (JSON-safe). */
export interface TrainLoopProgress {
  step: number;
  sums: number[];
  counts: number[];
}

export async function trainLoop(o: TrainLoopOptions): Promise<Series[]> {
  const m = o.metrics.length;
  const maxPoints = o.maxPoints ?? 500;
  const block = Math.ceil(o.steps / maxPoints);
  const blocks = Math.ceil(o.steps / block);
  const sums = new Float64Array(blocks * m);
  const counts = new Int32Array(blocks);
  const pending: tf.Tensor[] = [];
  const start = o.resume?.step ?? 0;
  if (o.resume) {
    if (o.resume.sums.length !== sums.length || o.resume.counts.length !== counts.length) throw new Error(`the saved training curve has ${o.resume.counts.length} blocks, this run ${blocks}: resume with the same number of steps`);
    sums.set(o.resume.sums);
    counts.set(o.resume.counts);
  }
  let read = start; // steps whose metrics have been read
  let lastPreview = -Infinity;
  let samples: ImagesPreview | undefined;

  const drain = async () => {
    if (!pending.length) return;
    const stacked = tf.stack(pending);
    tf.dispose(pending.splice(0));
    const values = await stacked.data();
    stacked.dispose();
    for (let j = 0; j < values.length / m; j++, read++) {
      const b = Math.floor(read / block);
      counts[b]++;
      for (let i = 0; i < m; i++) sums[b * m + i] += values[j * m + i];
    }
  };
  const series = (): Series[] => {
    const done = Math.ceil(read / block);
    const x = Array.from({ length: done }, (_, b) => Math.min((b + 1) * block, o.steps) * (o.xScale ?? 1));
    return o.metrics.map((name, i) => ({ name, xLabel: o.xLabel, yLabel: o.yLabel, x, y: Array.from({ length: done }, (_, b) => sums[b * m + i] / counts[b]) }));
  };
  const preview = (): LinesPreview => {
    const p: LinesPreview = { kind: 'lines', series: series().map((s) => lineOf(s.name, s.x, s.y)), xLabel: o.xLabel, yLabel: o.yLabel };
    if (o.logY) p.logY = true;
    if (samples) p.samples = samples;
    return p;
  };

  let done = start; // steps taken
  try {
    for (let k = start; k < o.steps; k++) {
      await o.ctx.checkpoint();
      pending.push(o.step(k));
      done = k + 1;
      if (o.onCheckpoint && o.checkpointEvery && ((k + 1) % o.checkpointEvery === 0 || k + 1 === o.steps)) {
        await drain();
        await o.onCheckpoint({ step: k + 1, sums: Array.from(sums), counts: Array.from(counts) });
      }
      let samplesDue = false;
      if (o.samples && ((k + 1) % o.samples.every === 0 || k + 1 === o.steps)) {
        samples = await o.samples.make(k + 1);
        samplesDue = true;
      }
      const now = performance.now();
      const previewDue = samplesDue || now - lastPreview >= (o.previewMs ?? 250);
      if (pending.length >= (o.readEvery ?? 100) || previewDue) await drain();
      if (previewDue) {
        lastPreview = now;
        o.ctx.progress((k + 1) / o.steps, preview());
      }
    }
    await drain();
    await o.onFinish?.();
    o.ctx.progress(1, preview());
    return series();
  } catch (e) {
    if (e instanceof CancelledError && o.checkpointOnCancel && o.onCheckpoint) {
      await drain();
      await o.onCheckpoint({ step: done, sums: Array.from(sums), counts: Array.from(counts) });
    }
    throw e;
  } finally {
    tf.dispose(pending);
  }
}
