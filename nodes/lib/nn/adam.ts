import * as tf from '@tensorflow/tfjs';
import { adamKernelAvailable, adamKernelStep } from './adam-kernel';

/**
 * Adam (Kingma & Ba 2015) on one parameter vector, in the form of their §2 note:
 *   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,
 *   θ ← θ − α_t m/(√v + ε̂),  α_t = α √(1−β₂ᵗ)/(1−β₁ᵗ),  ε̂ = ε √(1−β₂ᵗ),
 * which equals the bias-corrected update α m̂/(√v̂ + ε) exactly, in 12 elementwise ops (the
 * corrections are scalars computed on the CPU). Defaults as PyTorch and tfjs: β = (0.9, 0.999), ε = 1e-8.
 *
 * With `average` = δ > 0 it also keeps an exponential moving average of the weights (Polyak
 * averaging, as EMA in DDPM and EDM): θ̄ ← δθ̄ + (1−δ)θ after every step from θ̄ = 0, read as
 * θ̄/(1 − δᵗ) (bias-corrected like Adam's moments, so short runs are not pulled toward 0).
 * On tfjs-wasm the whole step is one fused SIMD pass (adam-kernel.ts), the same bits.
 */
export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Decay δ of the weight average (0 or absent: none). */
  average?: number;
  /** Use the fused kernel where it can run (default); false forces the tfjs ops. */
  kernel?: boolean;
}

/** Adam's state besides θ: the moments, the weight average and the step count (for checkpoints). */
export interface AdamState {
  m: Float32Array;
  v: Float32Array;
  avg?: Float32Array;
  t: number;
}

export interface Adam {
  /** One step; `lrFactor` scales the learning rate of this step (e.g. a warm-up). */
  step(grad: tf.Tensor1D, lrFactor?: number): void;
  /** Copies of the moments, the average and the step count. */
  state(): Promise<AdamState>;
  /** Continue from a saved state (sizes must match θ). */
  restore(s: AdamState): void;
  /** The bias-corrected weight average θ̄/(1 − δᵗ), a new tensor (needs `average` > 0 and a step). */
  averaged(): tf.Tensor1D;
  dispose(): void;
}

export function adam(theta: tf.Variable, lr: number, o: AdamOptions = {}): Adam {
  const { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, average = 0 } = o;
  const m = zerosVariable(theta);
  const v = zerosVariable(theta);
  const avg = average > 0 ? zerosVariable(theta) : undefined;
  const fused = o.kernel !== false && adamKernelAvailable();
  let t = 0;
  return {
    step(g, lrFactor = 1) {
      t++;
      const c2 = Math.sqrt(1 - beta2 ** t);
      const lrT = (lr * lrFactor * c2) / (1 - beta1 ** t);
      tf.tidy(() => {
        if (fused) {
          const constants = Float32Array.of(beta1, 1 - beta1, beta2, 1 - beta2, lrT, epsilon * c2, average, 1 - average);
          const [th, mNew, vNew, avgNew] = adamKernelStep(theta, m, v, g, avg, { constants });
          theta.assign(th);
          m.assign(mNew);
          v.assign(vNew);
          if (avg) avg.assign(avgNew);
          return;
        }
        m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
        v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
        theta.assign(tf.sub(theta, tf.mul(tf.div(m, tf.add(tf.sqrt(v), epsilon * c2)), lrT)));
        if (avg) avg.assign(tf.add(tf.mul(avg, average), tf.mul(theta, 1 - average)));
      });
    },
    async state() {
      return { m: (await m.data()) as Float32Array, v: (await v.data()) as Float32Array, avg: avg && ((await avg.data()) as Float32Array), t };
    },
    restore(s) {
      for (const [name, data] of [['m', s.m], ['v', s.v], ...(avg ? [['avg', s.avg]] : [])] as const) {
        if (!data || data.length !== theta.size) throw new Error(`adam: saved state '${name}' has ${data?.length ?? 0} entries, θ has ${theta.size}`);
      }
      tf.tidy(() => {
        m.assign(tf.tensor(s.m, theta.shape));
        v.assign(tf.tensor(s.v, theta.shape));
        if (avg && s.avg) avg.assign(tf.tensor(s.avg, theta.shape));
      });
      t = s.t;
    },
    averaged() {
      if (!avg || t === 0) throw new Error('adam: no weight average (average must be > 0, after at least one step)');
      return tf.div(avg, 1 - average ** t);
    },
    dispose() {
      tf.dispose([m, v, ...(avg ? [avg] : [])]);
    },
  };
}

/** A non-trainable variable of zeros shaped like `like` (no tensor left behind besides it). */
export function zerosVariable(like: tf.Tensor): tf.Variable {
  const zeros = tf.zerosLike(like);
  const v = tf.variable(zeros, false);
  zeros.dispose(); // the variable holds the data
  return v;
}
