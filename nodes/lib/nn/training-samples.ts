import * as tf from '@tensorflow/tfjs';
import type { RunContext } from '../../../src/engine/context';
import type { ImagesPreview } from '../../../src/engine/preview';
import type { ScoreNetwork } from '../../../src/engine/values';
import { imagesPreview } from '../previews';
import { deriveSeed, normal } from '../random';
import { runSteps } from '../sampling/chain';
import { ddimIndices } from '../sampling/grids';
import { ddimUpdate } from '../sampling/updates';
import { linearSchedule } from '../schedules';
import { buildUNet, type UNetConfig } from './unet';
import { scoreNetPredictor } from './score-predictor';

/** Samples in a training preview grid, and DDIM steps to draw them. */
export const PREVIEW_SAMPLES = 16;
export const PREVIEW_STEPS = 10;

/**
 * A grid of samples from a U-Net in training, for the progress preview: DDIM (η = 0, leading
 * spacing) in PREVIEW_STEPS steps on the linear β schedule (T = 1000) from the same x_T every
 * time (drawn from `seed`), so successive grids show the same samples getting better. The net
 * is path-agnostic (it sees x̃ = x/a at σ = s/a), so the linear chain serves whatever schedule it
 * trains on. A class-conditional net is read with the null class. θ is taken over (and released);
 * the run's checkpoint is awaited between steps and slices, so a cancel lands within one slice.
 */
export async function trainingSamples(config: UNetConfig, theta: tf.Tensor1D, seed: number, step: number, ctx: RunContext): Promise<ImagesPreview> {
  const net = buildUNet(config, theta);
  const xT = normal<tf.Rank.R4>([PREVIEW_SAMPLES, config.height, config.width, config.channels], deriveSeed(seed, 5));
  let x0: tf.Tensor | undefined;
  try {
    const predictor = scoreNetPredictor(net as unknown as ScoreNetwork);
    const { alphaBars } = linearSchedule({ T: 1000 }) as { alphaBars: Float64Array };
    const T = alphaBars.length - 1;
    const idx = [...ddimIndices(T, PREVIEW_STEPS, 'leading'), 0];
    // A quiet context: the sampler's progress is not the training's.
    const quiet: RunContext = { ...ctx, progress: () => {} };
    const result = await runSteps(quiet, xT, PREVIEW_STEPS, (k) => idx[k] / T, 't', (x, k) => ddimUpdate(predictor, x, { alphaBar: alphaBars[idx[k]], alphaBarPrev: alphaBars[idx[k + 1]] }, 0, null));
    x0 = result.x0;
    result.trajectory.frames.dispose();
    // Images [N, H, W, C] → the first channel as grey [N, H, W].
    const grey = tf.tidy(() => tf.reshape(tf.slice(x0 as tf.Tensor4D, [0, 0, 0, 0], [-1, -1, -1, 1]), [PREVIEW_SAMPLES, config.height, config.width]) as tf.Tensor3D);
    const preview = await imagesPreview(grey, PREVIEW_SAMPLES, `DDIM ${PREVIEW_STEPS} steps at step ${step}`).finally(() => grey.dispose());
    preview.cols = 8;
    return preview;
  } finally {
    x0?.dispose();
    xT.dispose();
    net.dispose();
  }
}
