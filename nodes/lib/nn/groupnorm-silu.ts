import * as tf from '@tensorflow/tfjs';
import { BACKWARD, FORWARD, groupNormKernelApplies, type GroupNormAttrs } from './groupnorm-silu-kernel';
import type { Act } from './groupnorm-silu-code';

export type { Act };

/**
 * y = act(GroupNorm(x)·γ + β) on NHWC images (Wu & He 2018; act SiLU or the identity): each
 * example's group of C/G channels is normalised over its pixels and channels with the biased
 * variance and ε = 10⁻⁵, as PyTorch's GroupNorm. On tfjs-wasm with SIMD this is one fused kernel
 * each way with its own gradient (groupnorm-silu-kernel.ts: one tape entry instead of ~12, two
 * passes over x instead of ~8 kernels); on every other backend, or shapes the kernel does not take,
 * the same math as tfjs ops differentiated by tfjs's autodiff (groupNormActOps).
 */
export function groupNormAct(x: tf.Tensor4D, gamma: tf.Tensor, beta: tf.Tensor, groups: number, act: Act): tf.Tensor4D {
  return groupNormKernelApplies(x, groups) ? fused(x, gamma, beta, { groups, epsilon: EPSILON, act }) : groupNormActOps(x, gamma, beta, groups, act);
}

const EPSILON = 1e-5;

/** SiLU(x) = x·σ(x) (Elfwing et al. 2018; "swish"). */
export const silu = <T extends tf.Tensor>(x: T): T => tf.mul(x, tf.sigmoid(x));

/**
 * The tfjs-ops twin. GroupNorm as one per-(example, channel) affine map y = x·A + B with
 *   μ, var from the channel means of x and x² (var = E[x²] − μ², clamped at 0),
 *   A = γ/√(var + 10⁻⁵),  B = β − μ·A,
 * so the [N, H, W, C] tensor passes through 4 elementwise ops and 2 means (a 5-D broadcast
 * formulation measured 4× slower on tfjs-wasm), then the activation.
 */
export function groupNormActOps(x: tf.Tensor4D, gamma: tf.Tensor, beta: tf.Tensor, groups: number, act: Act): tf.Tensor4D {
  const [n, , , c] = x.shape;
  const perGroup = (t: tf.Tensor2D) => tf.mean(tf.reshape(t, [n, groups, c / groups]), 2, true); // [n, G, 1]
  const mu = perGroup(tf.mean(x, [1, 2]));
  const variance = tf.relu(tf.sub(perGroup(tf.mean(tf.square(x), [1, 2])), tf.square(mu)));
  const A = tf.mul(tf.reshape(gamma, [1, groups, c / groups]), tf.rsqrt(tf.add(variance, EPSILON)));
  const B = tf.sub(tf.reshape(beta, [1, groups, c / groups]), tf.mul(mu, A));
  const z = tf.add(tf.mul(x, tf.reshape(A, [n, 1, 1, c])), tf.reshape(B, [n, 1, 1, c])) as tf.Tensor4D;
  return act === 'silu' ? silu(z) : z;
}

/** The fused kernels under one custom gradient: the tape keeps x, γ, β and the statistics. */
function fused(x: tf.Tensor4D, gamma: tf.Tensor, beta: tf.Tensor, attrs: GroupNormAttrs): tf.Tensor4D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xs, g, b] = args as tf.Tensor[];
    const save = args[3] as tf.GradSaveFunc;
    const [y, stats] = tf.engine().runKernel(FORWARD, { x: xs, gamma: g, beta: b }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    save([xs, g, b, stats]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sg, sb, st] = saved;
        return tf.engine().runKernel(BACKWARD, { dy, x: sx, gamma: sg, beta: sb, stats: st }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
      },
    };
  });
  return op(x, gamma, beta) as tf.Tensor4D;
}
