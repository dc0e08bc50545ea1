import * as tf from '@tensorflow/tfjs';
import { cIn } from './score-net';
import { rawResidual, residualWeights, type DsmBatch, type DsmTarget, type DsmWeighting } from './dsm';
import { joinSlots, unetFeatures, unetForward, unetWeights, weightsOf, type UNetConfig } from './unet';
import { unetSlots } from './unet-layout';

/**
 * The denoising score-matching objective of dsm.ts for the U-Net: the same per-example weights
 * and raw-output residuals, L(θ) = Σ_i w(σ_i)|F_i − T_F,i|²/(B d), on images [B, H, W, C] whose
 * rows are the batch's x₀ and ε (flattened, NHWC order). dL/dθ by tfjs's autodiff over θ's slots
 * as separate tensors (one split, unetWeights), their gradients joined back in θ's order, so no
 * gradient of a slice pads a zero copy of θ per weight. `labels` feed a class-conditional net (10 = none).
 */
export function unetDsmLossAndGrad(config: UNetConfig, theta: tf.Tensor1D, batch: DsmBatch, target: DsmTarget, weighting: DsmWeighting, labels?: Int32Array): { loss: tf.Scalar; grad: tf.Tensor1D } {
  return tf.tidy(() => {
    const { x0, eps, sigmas } = batch;
    const [B, d] = x0.shape;
    const slots = unetSlots(config);
    const pieces = Object.values(unetWeights(theta, slots));
    const cInX = tf.reshape(tf.mul(tf.add(x0, tf.mul(eps, column(sigmas))), tf.tensor2d(Float32Array.from(sigmas, cIn), [B, 1])), [B, config.height, config.width, config.channels]) as tf.Tensor4D;
    const features = unetFeatures(config, sigmas);
    const labelTensor = config.classes && labels ? tf.tensor1d(labels, 'int32') : undefined;
    const weights = residualWeights(config.output, sigmas, target, weighting, B * d);
    const lossOf = (...parts: tf.Tensor[]) => {
      const w = weightsOf(Object.fromEntries(slots.map((s, i) => [s.name, parts[i]])));
      const F = tf.reshape(unetForward(config, w, cInX, features, labelTensor), [B, d]) as tf.Tensor2D;
      const r = rawResidual(config.output, F, batch);
      return tf.mul(tf.sum(tf.mul(weights, tf.square(r))), 0.5) as tf.Scalar;
    };
    const { value, grads } = tf.valueAndGrads(lossOf)(pieces);
    return { loss: value, grad: joinSlots(grads) };
  });
}

function column(values: Float32Array): tf.Tensor2D {
  return tf.tensor2d(values, [values.length, 1]);
}
