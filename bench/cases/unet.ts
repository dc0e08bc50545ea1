import * as tf from '@tensorflow/tfjs';
import { adam, type Adam } from '../../nodes/lib/nn/adam';
import { buildUNet, unetConfig, unetInit, type UNet, type UNetConfig } from '../../nodes/lib/nn/unet';
import { unetDsmLossAndGrad } from '../../nodes/lib/nn/unet-dsm';
import { unetParamCount } from '../../nodes/lib/nn/unet-layout';
import type { BenchCase } from './types';

/**
 * The U-Net cases of issue 15, side by side with bench/peer/unet.py (the same net in PyTorch):
 * - `unet-train`: training steps of model/unet's default shape (28×28×1, channels [32, 64, 64],
 *   one residual block per level, GroupNorm, SiLU) on batches of 64: ε-prediction L_simple with σ
 *   of random levels of the linear β schedule, dL/dθ by autodiff (the lab's WASM
 *   convolution kernels underneath: Winograd F(2×2), F(3×3) or F(4×4, 3×3) for the 3×3 stride-1 ones; GroupNorm + SiLU
 *   one fused kernel each way, groupnorm-silu.ts), one Adam step (2e-3) with the weight average (0.995).
 * - `unet-ddim`: DDIM (η = 0) with `steps` net evaluations for 64 images, in the form
 *   x̃ ← x̃ + (σ_next − σ)·ε̂(x̃, σ) on the σ of evenly spaced levels (the peer's loop).
 * Timing only: images are uniform noise in [−1, 1]; the work per step does not depend on them.
 */
export interface UNetBenchOptions {
  trainSteps: number;
  ddimSteps: number;
  batch: number;
}

const SIZE = 28;

/** The config of model/unet's default shape. */
export function benchUNetConfig(): UNetConfig {
  return unetConfig({ height: SIZE, width: SIZE, channels: 1, levels: [32, 64, 64], blocks: 1, attention: false, classes: 0, embedding: 'sinusoidal', output: 'eps' }, 0);
}

/** σ_t = sqrt((1 − ᾱ_t)/ᾱ_t), t = 1…T, of the linear β schedule (1e-4…0.02, T = 1000). */
function linearSigmas(T = 1000): Float64Array {
  const out = new Float64Array(T);
  let alphaBar = 1;
  for (let t = 0; t < T; t++) {
    alphaBar *= 1 - (1e-4 + ((0.02 - 1e-4) * t) / (T - 1));
    out[t] = Math.sqrt((1 - alphaBar) / alphaBar);
  }
  return out;
}

/** A small deterministic generator (mulberry32) for the batches: the cases need no statistics. */
function uniforms(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function unetTrainCase(o: UNetBenchOptions): BenchCase {
  const config = benchUNetConfig();
  const sigmas = linearSigmas();
  const d = SIZE * SIZE;
  let theta: tf.Variable | undefined;
  let optimiser: Adam | undefined;
  const random = uniforms(7);
  const step = () => {
    const batchSigmas = Float32Array.from({ length: o.batch }, () => sigmas[Math.floor(random() * sigmas.length)]);
    const x0 = tf.randomUniform([o.batch, d], -1, 1, 'float32', Math.floor(random() * 1e9)) as tf.Tensor2D;
    const eps = tf.randomNormal([o.batch, d], 0, 1, 'float32', Math.floor(random() * 1e9)) as tf.Tensor2D;
    const { loss, grad } = unetDsmLossAndGrad(config, theta as unknown as tf.Tensor1D, { x0, eps, sigmas: batchSigmas }, 'eps', 'uniform');
    optimiser!.step(grad);
    tf.dispose([x0, eps, loss, grad]);
  };
  return {
    id: 'training/unet-train/wasm',
    group: 'training',
    title: `U-Net training step (28×28, [32, 64, 64], ${unetParamCount(config)} params, batch ${o.batch}, Adam + EMA)`,
    backend: 'wasm',
    units: o.trainSteps,
    unitName: 'step',
    setup: async () => {
      const init = unetInit(config, 0);
      theta = tf.variable(init, false, 'bench-unet-theta');
      init.dispose();
      optimiser = adam(theta, 2e-3, { average: 0.995 });
      // Warm-up outside the timed runs: V8 tiers the WASM kernels up and tfjs-wasm sets up XNNPACK.
      for (let i = 0; i < 3; i++) step();
    },
    variants: [
      {
        key: 'lab',
        label: 'unetDsmLossAndGrad + Adam (WASM)',
        run: async () => {
          for (let i = 0; i < o.trainSteps; i++) step();
          await theta!.data(); // the last step's work is done
        },
      },
    ],
    ratios: [],
    teardown: async () => {
      optimiser?.dispose();
      theta?.dispose();
    },
  };
}

/** DDIM (η = 0) from x̃_T ~ N(0, 1 + σ_T²): `steps` evaluations of ε̂, as bench/peer/unet.py. */
export function ddimSigmas(steps: number): number[] {
  const sigmas = linearSigmas();
  const T = sigmas.length;
  return Array.from({ length: steps }, (_, k) => sigmas[Math.round(((T - 1) * (steps - 1 - k)) / Math.max(steps - 1, 1))]);
}

export function unetDdimCase(o: UNetBenchOptions): BenchCase {
  const config = benchUNetConfig();
  let net: UNet | undefined;
  const sample = async (steps: number) => {
    const levels = ddimSigmas(steps);
    let x = tf.tidy(() => tf.mul(tf.randomNormal([o.batch, SIZE, SIZE, 1], 0, 1, 'float32', 5), Math.sqrt(1 + levels[0] ** 2))) as tf.Tensor4D;
    for (let k = 0; k < steps; k++) {
      const next = k + 1 < steps ? levels[k + 1] : 0;
      const xNew = tf.tidy(() => tf.add(x, tf.mul(net!.apply(x, levels[k]), next - levels[k])) as tf.Tensor4D);
      x.dispose();
      x = xNew;
    }
    await x.data();
    x.dispose();
  };
  return {
    id: 'training/unet-ddim/wasm',
    group: 'training',
    title: `U-Net DDIM ${o.ddimSteps} steps for ${o.batch} images (28×28)`,
    backend: 'wasm',
    units: o.ddimSteps,
    unitName: 'step',
    setup: async () => {
      net = buildUNet(config, 1);
      await sample(2);
    },
    variants: [{ key: 'lab', label: 'model/unet apply (WASM)', run: () => sample(o.ddimSteps) }],
    ratios: [],
    teardown: async () => {
      net?.dispose();
    },
  };
}
