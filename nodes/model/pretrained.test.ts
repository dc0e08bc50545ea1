import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import type { ScoreNetwork } from '../../src/engine/values';
import { checkpointModel } from '../../src/cli/checkpoints';
import { decodeSafetensors } from '../lib/safetensors';
import { relErr } from '../lib/nn/testing';
import type { Predictor } from '../lib/predictor';
import { normal } from '../lib/random';
import pretrained from './pretrained';

const CHECKPOINT = new URL('../../graphs/recipes/checkpoints/mnist-unet.ckpt.safetensors', import.meta.url).pathname;

describe('model/pretrained', () => {
  it('loads the shipped U-Net headless; its predictions are the committed F32 checkpoint’s within F16 rounding', async () => {
    const before = tf.memory().numTensors;
    const out = (await runNode(pretrained, {}, { name: 'mnist-unet' })) as { model: ScoreNetwork; predictor: Predictor; parameters: number };
    // model/unet's defaults (774 881) plus the class table of 10 digits and the null class (11 × 128).
    expect(out.parameters).toBe(774_881 + 1408);
    expect(out.predictor.native).toBe('eps');
    const file = decodeSafetensors(new Uint8Array(readFileSync(CHECKPOINT)), CHECKPOINT);
    const { model: reference, step } = checkpointModel(file, CHECKPOINT);
    const shipped = decodeSafetensors(new Uint8Array(readFileSync(new URL('../../public/models/mnist-unet.safetensors', import.meta.url))));
    // The shipped file and the checkpoint are of the same step (graphs/recipes/README.md ships them together).
    expect(Number(shipped.metadata.steps)).toBe(step);
    // x on a VP path at ᾱ = 0.5 (a = s = √½): images of noise at σ = 1.
    const x = normal<tf.Rank.R4>([4, 28, 28, 1], 1);
    const a = Math.SQRT1_2;
    const got = out.predictor.evaluate(x, a, a);
    const want = tf.tidy(() => (reference as unknown as ScoreNetwork).apply(tf.mul(x, 1 / a), 1));
    expect(got.shape).toEqual([4, 28, 28, 1]);
    // F16 weights (relative rounding ≤ 2^-11 each) move a prediction by ~1e-3 of its scale (model-file.test.ts).
    expect(await relErr(got, want)).toBeLessThan(5e-3);
    tf.dispose([x, got, want]);
    reference.dispose();
    out.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
