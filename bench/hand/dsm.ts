import * as tf from '@tensorflow/tfjs';
import { linearChain } from './ddpm';
import { CENTRES, COMPONENT_STD } from './eight-gaussians';

/**
 * Denoising score matching of the score MLP written by hand in tfjs: the baseline of the
 * training case, from the formulas alone (the peer bench/peer/dsm.py is the same in PyTorch).
 *   x̃ = x_0 + σ ε,  input [c_in(σ)·x̃, emb(σ)] with c_in = 1/sqrt(1+σ²) and
 *   emb(σ) = [sin(ω_k u), cos(ω_k u)]_{k<8}, u = ¼ ln σ, ω_k = π·2^{6k/7 − 2};
 *   18 → 128 → 128 → 128 → 2 with SiLU, predicting ε; loss mean((F − ε)²) (L_simple);
 *   σ_i = sqrt((1 − ᾱ_i)/ᾱ_i), i ~ U{1…1000} of the linear β schedule; Adam, lr 1e-3.
 * Two flavours of the dense layer y = h W + b:
 *   'plain':  tf.matMul + tf.add, gradients by autodiff (what a tfjs user writes first);
 *   'custom': the same forward with a tf.customGrad whose backward is dW = hᵀ dy, db = Σ dy,
 *             dh = dy Wᵀ with explicit transposes, avoiding the transposed matMul that is ~10×
 *             slower in tfjs-wasm (../shared/NOTES.md).
 */
export type DenseFlavour = 'plain' | 'custom';

const SIZES = [18, 128, 128, 128, 2];
const FREQUENCIES = Array.from({ length: 8 }, (_, k) => Math.PI * 2 ** ((6 * k) / 7 - 2));
const SIGMAS = (() => {
  const { alphaBar } = linearChain(1000);
  return Float64Array.from({ length: 1000 }, (_, j) => Math.sqrt((1 - alphaBar[j + 1]) / alphaBar[j + 1]));
})();

const customDense = tf.customGrad((h, w, b, save) => {
  (save as tf.GradSaveFunc)([h as tf.Tensor, w as tf.Tensor]);
  return {
    value: tf.add(tf.matMul(h as tf.Tensor2D, w as tf.Tensor2D), b as tf.Tensor),
    gradFunc: (dy: tf.Tensor, [hs, ws]: tf.Tensor[]) => [
      tf.matMul(dy as tf.Tensor2D, tf.transpose(ws as tf.Tensor2D)),
      tf.matMul(tf.transpose(hs as tf.Tensor2D), dy as tf.Tensor2D),
      tf.sum(dy, 0),
    ],
  };
});

function dense(flavour: DenseFlavour, h: tf.Tensor2D, w: tf.Variable, b: tf.Variable): tf.Tensor2D {
  return (flavour === 'plain' ? tf.add(tf.matMul(h, w as tf.Tensor2D), b) : customDense(h, w, b)) as tf.Tensor2D;
}

/** Mulberry32 uniforms for the CPU-side draws (mixture components, noise levels). */
function uniforms(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One batch: clean 8-Gaussians points, noise, and the per-example columns σ and c_in plus the embedding. */
function batchTensors(batch: number, u: () => number, seed: number) {
  const centres = new Float32Array(2 * batch);
  const sigma = new Float32Array(batch);
  const cIn = new Float32Array(batch);
  const emb = new Float32Array(16 * batch);
  for (let i = 0; i < batch; i++) {
    const [cx, cy] = CENTRES[Math.floor(u() * 8)];
    centres[2 * i] = cx;
    centres[2 * i + 1] = cy;
    const s = SIGMAS[Math.floor(u() * 1000)];
    sigma[i] = s;
    cIn[i] = 1 / Math.sqrt(1 + s * s);
    const v = 0.25 * Math.log(s);
    for (let k = 0; k < 8; k++) {
      emb[16 * i + k] = Math.sin(FREQUENCIES[k] * v);
      emb[16 * i + 8 + k] = Math.cos(FREQUENCIES[k] * v);
    }
  }
  const x0 = tf.add(tf.tensor2d(centres, [batch, 2]), tf.mul(tf.randomNormal([batch, 2], 0, 1, 'float32', seed), COMPONENT_STD));
  const eps = tf.randomNormal<tf.Rank.R2>([batch, 2], 0, 1, 'float32', seed ^ 0x5bd1e995);
  return { x0, eps, sigma: tf.tensor2d(sigma, [batch, 1]), cIn: tf.tensor2d(cIn, [batch, 1]), emb: tf.tensor2d(emb, [batch, 16]) };
}

/** Train a fresh MLP for `steps` steps; returns the last loss (read once, at the end). */
export async function trainDsm(steps: number, batch: number, seed: number, flavour: DenseFlavour, lr = 1e-3): Promise<number> {
  const layers = SIZES.slice(1).map((nOut, l) => {
    const nIn = SIZES[l];
    const gain = l === SIZES.length - 2 ? 0.1 : Math.SQRT2;
    // tf.variable shares the initial tensor's data and leaves that tensor alive: dispose it.
    const init = tf.tidy(() => tf.mul(tf.randomNormal([nIn, nOut], 0, 1, 'float32', seed + l + 1), gain / Math.sqrt(nIn)));
    const zeros = tf.zeros([nOut]);
    const layer = { w: tf.variable(init), b: tf.variable(zeros) };
    tf.dispose([init, zeros]);
    return layer;
  });
  const vars = layers.flatMap((l) => [l.w, l.b]);
  const optimizer = tf.train.adam(lr);
  const u = uniforms(seed);
  let last: tf.Scalar | null = null;
  try {
    for (let k = 0; k < steps; k++) {
      const cost = tf.tidy(() => {
        const b = batchTensors(batch, u, (seed * 7919 + k + 1) >>> 0 || 1);
        const xTilde = tf.add(b.x0, tf.mul(b.sigma, b.eps));
        return optimizer.minimize(
          () => {
            let h = tf.concat([tf.mul(xTilde, b.cIn), b.emb], 1) as tf.Tensor2D;
            layers.forEach((l, i) => {
              const z = dense(flavour, h, l.w, l.b);
              h = i < layers.length - 1 ? (tf.mul(z, tf.sigmoid(z)) as tf.Tensor2D) : z;
            });
            return tf.mean(tf.square(tf.sub(h, b.eps))) as tf.Scalar;
          },
          true,
          vars,
        ) as tf.Scalar;
      });
      last?.dispose();
      last = cost;
      // Let other work through now and then, as an app must (cheap: once per 100 steps).
      if (k % 100 === 99) await new Promise((r) => setImmediate(r));
    }
    return last ? (await last.data())[0] : NaN;
  } finally {
    last?.dispose();
    optimizer.dispose();
    tf.dispose(vars);
  }
}
