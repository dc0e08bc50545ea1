import * as tf from '@tensorflow/tfjs';
import { deriveSeed, normal as normalTensor } from '../random';
import { type Activation, activate, activationGrad } from './activation';
import { denseGrads } from './dense';
import { mlpBackwardKernel, mlpForwardKernel, mlpKernelAvailable } from './mlp-kernel';
import { layerSlots } from './mlp-layout';

/**
 * A multilayer perceptron whose weights live in ONE flat parameter vector θ:
 *   θ = [W_1 (row-major [n_0, n_1]), b_1, W_2, b_2, …, W_L, b_L],
 *   h_0 = x,  h_l = act(h_{l−1} W_l + b_l) (l < L),  y = h_{L−1} W_L + b_L.
 * One variable instead of 2L: Adam costs about 0.8 ms per variable per step on tfjs-wasm
 * (NOTES.md). The forward and the whole backward pass are one custom-gradient op, so
 * autodiff records a single node and the backward uses the fast dense gradients
 * (explicit transposes, see dense.ts): dθ is the concatenation of every layer's dW, db.
 */
export interface MlpSpec {
  /** Layer widths [n_0 (input), n_1, …, n_L (output)]. */
  sizes: number[];
  activation: Activation;
}

const layout = (spec: MlpSpec) => layerSlots(spec.sizes);

/** Number of entries of θ. */
export function mlpParamCount(spec: MlpSpec): number {
  const last = layout(spec).at(-1);
  return last ? last.b + last.nOut : 0;
}

/**
 * Initial θ: W_l ~ N(0, gain²/n_{l−1}) (He et al. 2015, gain √2 for the hidden layers),
 * b = 0; the output layer is scaled by `outputGain` (small: the network starts near 0).
 */
export function mlpInit(spec: MlpSpec, seed: number, outputGain = 0.1): tf.Tensor1D {
  return tf.tidy(() => {
    const slots = layout(spec);
    const parts = slots.flatMap((slot, l) => {
      const gain = l === slots.length - 1 ? outputGain : Math.SQRT2;
      const w = tf.mul(normalTensor<tf.Rank.R2>([slot.nIn, slot.nOut], deriveSeed(seed, l)), gain / Math.sqrt(slot.nIn));
      return [tf.reshape(w, [-1]), tf.zeros([slot.nOut])];
    });
    return tf.concat(parts) as tf.Tensor1D;
  });
}

/** Each layer's W_l [n_{l−1}, n_l] and b_l, sliced out of θ. */
export type LayerWeights = { w: tf.Tensor2D; b: tf.Tensor1D }[];

export function mlpWeights(theta: tf.Tensor1D, spec: MlpSpec): LayerWeights {
  return layout(spec).map((slot) => ({
    w: tf.reshape(tf.slice(theta, [slot.w], [slot.nIn * slot.nOut]), [slot.nIn, slot.nOut]),
    b: tf.slice(theta, [slot.b], [slot.nOut]),
  }));
}

/**
 * The layer weights of a parameter variable, sliced once per value of θ and kept while θ is
 * unchanged (an assign gives θ new data). Repeated forward passes with the same weights (a
 * sampler's steps) then skip the slices, and tfjs-wasm reuses its packed matMul operators, which
 * it keys by the weight tensor: about 0.2 ms per layer per call.
 */
export function weightCache(theta: tf.Variable, spec: MlpSpec): { get(): LayerWeights; dispose(): void } {
  let key: unknown;
  let weights: LayerWeights | undefined;
  const release = () => weights?.forEach(({ w, b }) => tf.dispose([w, b]));
  return {
    get() {
      if (!weights || key !== theta.dataId) {
        release();
        weights = tf.tidy(() => mlpWeights(theta as tf.Tensor1D, spec).map(({ w, b }) => ({ w: tf.keep(w), b: tf.keep(b) })));
        key = theta.dataId;
      }
      return weights;
    },
    dispose() {
      release();
      weights = undefined;
    },
  };
}

/**
 * What the forward pass keeps for the backward pass: on tfjs-wasm with SIMD, the SIMD GEMM
 * kernels' [x, θ, activations] (mlp-kernel.ts; cached layer weights are not needed there); else,
 * with tfjs ops, each layer's input, its weights and for silu the sigmoids.
 */
export interface MlpSaved {
  viaKernel: boolean;
  tensors: tf.Tensor[];
}

/**
 * Forward pass, returning what the backward pass needs. With tfjs ops: relu's derivative is read
 * from the next layer's input h_l > 0, and saved tensors are copied by tfjs, so nothing is saved
 * twice. With a condition row c [1, n_c] (the last n_c inputs, the same for every row), the first
 * layer splits W_1 = [W_x; W_c] and folds c into its bias: z_1 = x W_x + (c W_c + b_1), so no
 * [n, n_c] copy of c is built.
 */
export function mlpForward(theta: tf.Tensor1D, x: tf.Tensor2D, cond: tf.Tensor2D | undefined, spec: MlpSpec, slots = layout(spec), layerWeights?: () => LayerWeights): { y: tf.Tensor2D; saved: MlpSaved } {
  if (mlpKernelAvailable()) {
    const { y, acts } = mlpForwardKernel(theta, x, cond, spec.sizes, spec.activation);
    return { y, saved: { viaKernel: true, tensors: [x, theta, acts] } };
  }
  const all = layerWeights?.() ?? mlpWeights(theta, spec);
  const inputs: tf.Tensor2D[] = [];
  const weights: tf.Tensor2D[] = [];
  const sigmoids: tf.Tensor2D[] = [];
  let h = x;
  slots.forEach((slot, l) => {
    let { w, b } = all[l];
    inputs.push(h);
    weights.push(w);
    if (l === 0 && cond) {
      const nx = slot.nIn - cond.shape[1];
      b = tf.add(b, tf.reshape(tf.matMul(cond, tf.slice(w, [nx, 0], [cond.shape[1], slot.nOut])), [slot.nOut]));
      w = tf.slice(w, [0, 0], [nx, slot.nOut]);
    }
    const last = l === slots.length - 1;
    h = affine(h, w, b, !last && spec.activation === 'relu');
    if (!last && spec.activation === 'silu') {
      const a = activate(h, 'silu');
      h = a.h;
      sigmoids.push(a.saved[1]);
    }
  });
  return { y: h, saved: { viaKernel: false, tensors: [...inputs, ...weights, ...sigmoids] } };
}

/**
 * x W + b (then relu) as one fused kernel. tf.fused.matMul falls back to separate matMul, add
 * and relu whenever a gradient is being recorded; inside this op's forward nothing is recorded
 * (the op brings its own gradient), so the kernel is called directly.
 */
function affine(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, relu: boolean): tf.Tensor2D {
  const [n, k] = x.shape;
  const m = w.shape[1];
  const inputs = { a: tf.reshape(x, [1, n, k]), b: tf.reshape(w, [1, k, m]), bias: b };
  const attrs = { transposeA: false, transposeB: false, activation: relu ? 'relu' : 'linear', leakyreluAlpha: 0.2 };
  return tf.reshape(tf.engine().runKernel('_FusedMatMul', inputs, attrs) as tf.Tensor3D, [n, m]);
}

/**
 * Backward pass: dθ as the concatenation of each layer's [dW; db] (θ's own layout, see
 * dense.ts), and dL/dx. With a condition row c, the first layer's weight-gradient matMul gets
 * the extra rows c·1ᵀ (dW_c = cᵀ Σ_rows dz_1), and dL/dc = (Σ_rows dz_1) W_cᵀ.
 */
export function mlpBackward(dy: tf.Tensor2D, saved: MlpSaved, cond: tf.Tensor2D | undefined, spec: MlpSpec, inputGrad: boolean, slots = layout(spec)): { dx?: tf.Tensor2D; dTheta: tf.Tensor1D; dCond?: tf.Tensor2D } {
  if (saved.viaKernel) {
    const [x, theta, acts] = saved.tensors as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D];
    return mlpBackwardKernel(dy, x, theta, acts, cond, spec.sizes, spec.activation, inputGrad);
  }
  const L = slots.length;
  const inputs = saved.tensors.slice(0, L) as tf.Tensor2D[];
  const weights = saved.tensors.slice(L, 2 * L) as tf.Tensor2D[];
  const sigmoids = saved.tensors.slice(2 * L) as tf.Tensor2D[];
  const parts: tf.Tensor[] = [];
  let dz = dy;
  let dx: tf.Tensor2D | undefined;
  let dCond: tf.Tensor2D | undefined;
  for (let l = L - 1; l >= 0; l--) {
    let w = weights[l];
    let extra: tf.Tensor2D | undefined;
    if (l === 0 && cond) {
      const [n, nc, nOut] = [dz.shape[0], cond.shape[1], slots[0].nOut];
      const nx = slots[0].nIn - nc;
      extra = tf.matMul(tf.reshape(cond, [nc, 1]) as tf.Tensor2D, tf.ones([1, n]) as tf.Tensor2D) as tf.Tensor2D;
      const wc = tf.slice(w, [nx, 0], [nc, nOut]);
      w = tf.slice(w, [0, 0], [nx, nOut]);
      dCond = tf.matMul(columnSums(dz), tf.transpose(wc) as tf.Tensor2D) as tf.Tensor2D;
    }
    const g = denseGrads(dz, inputs[l], w, l > 0 || inputGrad, extra);
    parts.push(tf.reshape(g.dwb, [-1]));
    if (l > 0) dz = activationGrad(g.dx as tf.Tensor2D, spec.activation === 'relu' ? [inputs[l]] : [inputs[l], sigmoids[l - 1]], spec.activation);
    else dx = g.dx;
  }
  const dTheta = tf.concat(parts.reverse()) as tf.Tensor1D;
  return { dx, dTheta, dCond };
}

/** Σ_rows dz as a row [1, k]. */
function columnSums(dz: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul(tf.ones([1, dz.shape[0]]) as tf.Tensor2D, dz);
}

/**
 * y = MLP_θ(x) as one differentiable op (gradients for x, θ and the condition). With
 * `inputGrad` false the gradient for x is returned as zeros without computing it (x is data, as
 * in score-network training); keep it true when x depends on trained weights (a VAE decoder's z).
 * `cond` [1, n_c], when given, supplies the last n_c of the n_0 inputs for every row at once.
 * `weights`, when given, reads θ's own layer weights (a `weightCache`'s get): only the tfjs-ops
 * path needs them, so the SIMD kernels' path never slices θ.
 */
export function mlp(theta: tf.Tensor1D, x: tf.Tensor2D, spec: MlpSpec, opts: { inputGrad?: boolean; cond?: tf.Tensor2D; weights?: () => LayerWeights } = {}): tf.Tensor2D {
  const slots = layout(spec);
  const { cond, inputGrad = true, weights } = opts;
  const nCond = cond ? cond.shape[1] : 0;
  if (cond && (cond.rank !== 2 || cond.shape[0] !== 1)) throw new Error(`MLP condition has shape [${cond.shape}], expected [1, n_c]`);
  if (x.rank !== 2 || x.shape[1] + nCond !== spec.sizes[0]) throw new Error(`MLP input has shape [${x.shape}]${cond ? ` with ${nCond} condition features` : ''}, expected ${spec.sizes[0]} inputs per row`);
  if (theta.size !== mlpParamCount(spec)) throw new Error(`MLP parameters have ${theta.size} entries, expected ${mlpParamCount(spec)}`);
  const op = tf.customGrad((...args) => {
    const [xIn, th, c] = args.slice(0, -1) as tf.Tensor[];
    const save = args.at(-1) as tf.GradSaveFunc;
    const { y, saved } = mlpForward(th as tf.Tensor1D, xIn as tf.Tensor2D, c as tf.Tensor2D | undefined, spec, slots, weights);
    // The condition row is saved too: the backward may run after the scope that made it has
    // disposed it (a predictor's tidy, under tf.grad through the network: DPS, ΠGDM).
    save(c ? [...saved.tensors, c] : saved.tensors);
    const gradFunc = (dy: tf.Tensor, kept: tf.Tensor[]) => {
      const [s, cond] = c ? [kept.slice(0, -1), kept.at(-1) as tf.Tensor2D] : [kept, undefined];
      const g = mlpBackward(dy as tf.Tensor2D, { viaKernel: saved.viaKernel, tensors: s }, cond, spec, inputGrad, slots);
      const dx = g.dx ?? tf.zerosLike(xIn);
      return g.dCond ? [dx, g.dTheta, g.dCond] : [dx, g.dTheta];
    };
    return { value: y, gradFunc };
  });
  return (cond ? op(x, theta, cond) : op(x, theta)) as tf.Tensor2D;
}
