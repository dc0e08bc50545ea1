import * as tf from '@tensorflow/tfjs';
// The conv kernels tfjs lacks or gets wrong (conv-kernels.ts), installed on import.
import './conv-kernels';
import { groupNormAct, type Act } from './groupnorm-silu';
import { GROUPS } from './unet-layout';

/**
 * The U-Net's layers as tfjs ops on NHWC tensors, differentiable by tfjs's autodiff. Each takes
 * its weights by name from `w` (views of θ, see unet-layout.ts).
 */
export type WeightsOf = (name: string) => tf.Tensor;

/** SiLU(x) = x·σ(x) (Elfwing et al. 2018; "swish"). */
export { silu } from './groupnorm-silu';

/** Padding 1 on each side for a 3×3 kernel (PyTorch's padding=1, also at stride 2: 28 → 14 → 7 → 4). */
const PAD1: [[number, number], [number, number], [number, number], [number, number]] = [
  [0, 0],
  [1, 1],
  [1, 1],
  [0, 0],
];

/**
 * Convolution y = x * W + b, kernel k×k (3: padding 1; 1: none), stride 1 or 2, as tfjs's fused
 * convolution (on WASM the bias is added by the convolution's GEMM, not by a pass of its own:
 * conv-forward-kernel.ts). Its gradients are tfjs's Conv2DBackpropInput and Conv2DBackpropFilter, on
 * WASM the lab's GEMM kernels (conv-kernels.ts), and db = Σ dy.
 */
export function conv(x: tf.Tensor4D, w: WeightsOf, name: string, stride: 1 | 2 = 1): tf.Tensor4D {
  const filter = w(`${name}.w`) as tf.Tensor4D;
  return tf.fused.conv2d({ x, filter, strides: stride, pad: filter.shape[0] === 1 ? 'valid' : PAD1, bias: w(`${name}.b`) });
}

/**
 * GroupNorm (Wu & He 2018) in G = 8 groups with its affine map γ, β, then `act` (SiLU in the
 * residual blocks and before the output): y = act(γ (x − μ)/√(var + 10⁻⁵) + β), biased variance
 * as PyTorch. One fused kernel each way on tfjs-wasm, tfjs ops elsewhere (groupnorm-silu.ts).
 */
export function groupNorm(x: tf.Tensor4D, w: WeightsOf, name: string, act: Act = 'none'): tf.Tensor4D {
  return groupNormAct(x, w(`${name}.gamma`), w(`${name}.beta`), GROUPS, act);
}

/** x W + b on rows [n, a]. */
export function dense(x: tf.Tensor2D, w: WeightsOf, name: string): tf.Tensor2D {
  return tf.add(tf.matMul(x, w(`${name}.w`) as tf.Tensor2D), w(`${name}.b`));
}

/**
 * Residual block (Ho et al. 2020, after Zagoruyko & Komodakis 2016), a → b channels:
 *   h = conv₁(SiLU(GN(x))) + (W_e SiLU(e) + b_e) per channel;  h = conv₂(SiLU(GN(h)));
 *   out = h + skip(x), skip the identity (a = b) or a 1×1 conv.
 * `embAct` is SiLU(e) [n, E], computed once per forward pass.
 */
export function resBlock(x: tf.Tensor4D, embAct: tf.Tensor2D, w: WeightsOf, name: string): tf.Tensor4D {
  let h = conv(groupNorm(x, w, `${name}.norm1`, 'silu'), w, `${name}.conv1`);
  const e = dense(embAct, w, `${name}.emb`); // [n or 1, b]: one row broadcasts to the batch
  h = tf.add(h, tf.reshape(e, [e.shape[0], 1, 1, e.shape[1]]));
  h = conv(groupNorm(h, w, `${name}.norm2`, 'silu'), w, `${name}.conv2`);
  const cOut = h.shape[3];
  const skip = x.shape[3] === cOut ? x : conv(x, w, `${name}.skip`);
  return tf.add(h, skip);
}

/**
 * Single-head self-attention over the pixels (Vaswani et al. 2017; as in Ho et al. 2020 at low
 * resolution): q, k, v = GN(x) W_qkv + b; out = x + softmax(q kᵀ/√c) v · W_proj + b_proj.
 */
export function attention(x: tf.Tensor4D, w: WeightsOf, name: string): tf.Tensor4D {
  const [n, h, wd, c] = x.shape;
  const rows = tf.reshape(groupNorm(x, w, `${name}.norm`), [n * h * wd, c]) as tf.Tensor2D;
  const qkv = tf.reshape(dense(rows, w, `${name}.qkv`), [n, h * wd, 3 * c]);
  const [q, k, v] = tf.split(qkv, 3, 2) as tf.Tensor3D[];
  const weights = tf.softmax(tf.mul(tf.matMul(q, tf.transpose(k, [0, 2, 1])), 1 / Math.sqrt(c)));
  const mixed = tf.reshape(tf.matMul(weights, v), [n * h * wd, c]) as tf.Tensor2D;
  return tf.add(x, tf.reshape(dense(mixed, w, `${name}.proj`), [n, h, wd, c]));
}

/** Nearest-neighbour upsampling to exactly (h, w) (2× except where the down path rounded up: 4 → 7). */
export function upsample(x: tf.Tensor4D, h: number, w: number): tf.Tensor4D {
  return tf.image.resizeNearestNeighbor(x, [h, w]);
}
