/**
 * Sizes of a benchmark run. `full` is what the issue asks for (about 10 minutes on the
 * project's 2-core machine); `quick` keeps every case at a fraction of the work; `smoke` is
 * the unit test's run, there only to keep the harness from rotting.
 */
export type BenchMode = 'full' | 'quick' | 'smoke';

export interface BenchConfig {
  mode: BenchMode;
  /** Points sampled by the sampler cases. */
  n: number;
  ddpmSteps: number;
  odeSteps: number;
  /** The DSM case; `detailSteps` is the shorter case that adds the node-direct and plain-autodiff variants. */
  train: { steps: number; batch: number; detailSteps: number };
  /** The CPU backend is ~30× slower: fewer steps, times compared per step. null skips it. */
  cpu: { ddpmSteps: number; odeSteps: number; trainSteps: number } | null;
  /** Warm-ups and timed runs of each variant of the sampler cases. */
  timing: { warmup: number; runs: number };
  /** Timed runs of the training cases (their warm-up is a short run inside the case). */
  trainRuns: number;
  /** Run the PyTorch peer when python3 with torch is found. */
  peer: boolean;
  /** Training steps tried, in order, for the time to the quality bar; null skips it. */
  qualityLadder: number[] | null;
  /** The U-Net cases (bench/cases/unet.ts): training steps per run, DDIM steps, batch; null skips them. */
  unet: { trainSteps: number; ddimSteps: number; batch: number } | null;
  /** Run only the cases whose id contains one of these (`--only unet`); skips the quality ladder. */
  only?: string[];
}

export const PRESETS: Record<BenchMode, BenchConfig> = {
  full: {
    mode: 'full',
    n: 4096,
    ddpmSteps: 1000,
    odeSteps: 100,
    train: { steps: 2000, batch: 512, detailSteps: 100 },
    cpu: { ddpmSteps: 50, odeSteps: 10, trainSteps: 10 },
    timing: { warmup: 1, runs: 5 },
    trainRuns: 3,
    peer: true,
    qualityLadder: [250, 500, 1000, 2000, 4000],
    unet: { trainSteps: 3, ddimSteps: 50, batch: 64 },
  },
  quick: {
    mode: 'quick',
    n: 4096,
    ddpmSteps: 200,
    odeSteps: 20,
    train: { steps: 300, batch: 512, detailSteps: 50 },
    cpu: { ddpmSteps: 10, odeSteps: 2, trainSteps: 5 },
    // Three warm-ups: V8 optimises a loop body's pass function only after ~1000–1500 passes, and
    // one 200-step warm-up left that compile inside the timed runs (charged to the loop's CPU time).
    timing: { warmup: 3, runs: 5 },
    trainRuns: 2,
    peer: true,
    qualityLadder: [500, 1000],
    unet: { trainSteps: 1, ddimSteps: 10, batch: 64 },
  },
  smoke: {
    mode: 'smoke',
    n: 256,
    ddpmSteps: 8,
    odeSteps: 2,
    train: { steps: 4, batch: 32, detailSteps: 2 },
    cpu: { ddpmSteps: 2, odeSteps: 1, trainSteps: 2 },
    timing: { warmup: 0, runs: 1 },
    trainRuns: 1,
    peer: false,
    qualityLadder: [4],
    unet: { trainSteps: 1, ddimSteps: 2, batch: 4 },
  },
};
