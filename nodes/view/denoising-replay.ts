import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import type { ReplayPreview } from '../../src/engine/preview';
import type { Schedule, Trajectory } from '../../src/engine/values';
import { readAs } from '../lib/predictor';
import { strideIndices } from '../lib/subsample';

/** Below this s the state is taken as clean: x̂₀ = x/a (a predictor is not asked at s = 0). */
const CLEAN_S = 1e-6;

/** The path point (a, s) of a trajectory frame at `time` on its time axis. */
export function pathPointAt(schedule: Schedule, time: number, timeLabel: string): { a: number; s: number } {
  if (timeLabel === 't') return { a: schedule.a(time), s: schedule.s(time) };
  if (timeLabel === 'σ') {
    if (time <= 0) return { a: 1, s: 0 };
    const t = schedule.tOfSigma(time);
    const a = schedule.a(t);
    // On a σ axis the state is x = a·(x₀ + σε): s = a·σ exactly, whatever t's rounding.
    return { a, s: a * time };
  }
  throw new NodeRunError(`trajectory: frames on a '${timeLabel}' axis cannot be placed on the schedule's path (t or σ needed)`, 'trajectory', 'wrong-value');
}

/** Height and width of one sample of a frame: images [H, W, 1], or square rows of d = s² pixels. */
function imageShapeOf(frames: tf.Tensor): [number, number] {
  const rest = frames.shape.slice(2);
  if (rest.length === 3 && rest[2] === 1) return [rest[0], rest[1]];
  if (rest.length === 1) {
    const side = Math.round(Math.sqrt(rest[0]));
    if (side * side === rest[0]) return [side, side];
  }
  throw new NodeRunError(`trajectory: expected grey images [k, N, H, W, 1] or square rows [k, N, s²], got frames [${frames.shape.join(', ')}]`, 'trajectory', 'wrong-value');
}

const grey = (values: Float32Array) => new Uint8Array(Uint8ClampedArray.from(values, (v) => (v + 1) * 127.5).buffer);

export default defineNode({
  type: 'view/denoising-replay',
  version: 1,
  title: 'Denoising replay (x_t and x̂₀)',
  category: 'view',
  inputs: {
    trajectory: { type: 'trajectory', doc: 'a sampler’s snapshots of image samples' },
    predictor: { type: 'predictor', doc: 'the predictor the sampler used' },
    schedule: { type: 'schedule', doc: 'the schedule the sampler used (places each frame on the path)' },
  },
  outputs: {
    x0: { type: 'trajectory', doc: 'the predicted x̂₀ of the chosen samples at each kept frame' },
    preview: 'preview',
  },
  params: z.object({
    first: z.number().int().min(0).max(100_000).default(0).describe('index of the first sample followed'),
    samples: z.number().int().min(1).max(16).default(8).describe('how many samples are followed'),
    maxFrames: z.number().int().min(2).max(60).default(20).describe('most frames kept (evenly spaced, first and last included)'),
  }),
  mainParams: ['samples'],
  docs: {
    summary: 'Replays the sampling of a few image samples: at each snapshot, the noisy state x_t beside the network’s guess of the clean image x̂₀ (Tweedie’s denoiser). Early guesses are blurry averages of many digits; the guess sharpens as t falls. Click the grid to enlarge it and scrub through time.',
    equation: String.raw`\hat x_0(x_t) = \mathbb E[x_0 \mid x_t] = \frac{x_t + s(t)^2\,\nabla\log p_t(x_t)}{a(t)},\qquad x_t = a(t)\,x_0 + s(t)\,\varepsilon`,
    reference: 'Chan §2 (DDPM: the denoiser reading of the noise predictor) and §3 (Tweedie’s formula); Ho et al. 2020, Fig. 6 (x̂₀ along the reverse chain)',
    notes: [
      'Each kept frame is placed on the path by its time: (a(t), s(t)) on a t axis; on a σ axis, t = t(σ) and s = a·σ. At s = 0 (the final samples) x̂₀ is the state itself divided by a.',
      'The predictor is evaluated once per kept frame on the chosen samples only, so the replay costs maxFrames × samples network evaluations.',
    ].join('\n\n'),
  },
  run: async (inputs, p, ctx) => {
    const traj: Trajectory = inputs.trajectory;
    const frames = traj.frames;
    const [height, width] = imageShapeOf(frames);
    const N = frames.shape[1] as number;
    if (p.first >= N) throw new NodeRunError(`first: sample ${p.first} does not exist (the trajectory follows ${N})`, undefined, 'wrong-value');
    const n = Math.min(p.samples, N - p.first);
    const kept = strideIndices(frames.shape[0], p.maxFrames);
    const rest = frames.shape.slice(2);
    const xtPixels = new Uint8Array(kept.length * n * height * width);
    const x0Pixels = new Uint8Array(kept.length * n * height * width);
    const x0Frames: tf.Tensor[] = [];
    try {
      for (let j = 0; j < kept.length; j++) {
        const time = traj.times[kept[j]];
        const { a, s } = pathPointAt(inputs.schedule, time, traj.timeLabel);
        const [x, x0] = tf.tidy(() => {
          const state = tf.reshape(tf.slice(frames, [kept[j], p.first, ...rest.map(() => 0)], [1, n, ...rest]), [n, ...rest]);
          const guess = s > CLEAN_S ? readAs(inputs.predictor, state, a, s, 'x0') : tf.div(state, a);
          return [state, guess];
        });
        x0Frames.push(x0);
        try {
          xtPixels.set(grey((await x.data()) as Float32Array), j * n * height * width);
        } finally {
          x.dispose();
        }
        x0Pixels.set(grey((await x0.data()) as Float32Array), j * n * height * width);
        ctx.progress((j + 1) / kept.length);
        await ctx.checkpoint();
      }
      const times = Array.from(kept, (i) => traj.times[i]);
      const preview: ReplayPreview = { kind: 'replay', xt: xtPixels, x0: x0Pixels, k: kept.length, n, height, width, times: Float32Array.from(times), timeLabel: traj.timeLabel };
      const x0: Trajectory = { times, timeLabel: traj.timeLabel, frames: tf.stack(x0Frames) };
      return { x0, preview };
    } finally {
      // The frames were copied into x0 by tf.stack (or the run failed).
      tf.dispose(x0Frames);
    }
  },
});
