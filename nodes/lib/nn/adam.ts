import * as tf from '@tensorflow/tfjs';

/**
 * Adam (Kingma & Ba 2015) on one parameter vector, in the form of their §2 note:
 *   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,
 *   θ ← θ − α_t m/(√v + ε̂),  α_t = α √(1−β₂ᵗ)/(1−β₁ᵗ),  ε̂ = ε √(1−β₂ᵗ),
 * which equals the bias-corrected update α m̂/(√v̂ + ε) exactly, in 12 elementwise ops (the
 * corrections are scalars computed on the CPU). Defaults as PyTorch and tfjs: β = (0.9, 0.999), ε = 1e-8.
 */
export interface Adam {
  step(grad: tf.Tensor1D): void;
  dispose(): void;
}

export function adam(theta: tf.Variable, lr: number, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8): Adam {
  const m = zerosVariable(theta);
  const v = zerosVariable(theta);
  let t = 0;
  return {
    step(g) {
      t++;
      const c2 = Math.sqrt(1 - beta2 ** t);
      const lrT = (lr * c2) / (1 - beta1 ** t);
      tf.tidy(() => {
        m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
        v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
        theta.assign(tf.sub(theta, tf.mul(tf.div(m, tf.add(tf.sqrt(v), epsilon * c2)), lrT)));
      });
    },
    dispose() {
      m.dispose();
      v.dispose();
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
