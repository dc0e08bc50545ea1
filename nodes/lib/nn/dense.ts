import * as tf from '@tensorflow/tfjs';

/**
 * Column sums Σ_rows dz as a [1, n] × [n, k] matMul with a row of ones: on tfjs-wasm a
 * reduction over axis 0 is about 10× slower than this matMul.
 */
export function columnSums(dz: tf.Tensor2D): tf.Tensor1D {
  return tf.reshape(tf.matMul(tf.ones([1, dz.shape[0]]) as tf.Tensor2D, dz), [dz.shape[1]]) as tf.Tensor1D;
}

/**
 * The gradients of a dense layer z = x W + b given dL/dz:
 *   dL/dW = xᵀ dz,   dL/db = Σ_rows dz,   dL/dx = dz Wᵀ.
 * Written with explicit transposes and plain matMuls: on tfjs-wasm a matMul with
 * transposeA/transposeB (what autodiff of matMul uses) is about 10× slower (NOTES.md).
 * A transpose costs in proportion to its size, so dL/dW transposes the narrower of x and dz:
 * when the layer narrows (n_out < n_in) it is (dzᵀ x)ᵀ, a [n_out, n_in] transpose at the end.
 */
export function denseGrads(dz: tf.Tensor2D, x: tf.Tensor2D, w: tf.Tensor2D, needDx: boolean): { dx?: tf.Tensor2D; dw: tf.Tensor2D; db: tf.Tensor1D } {
  const [nIn, nOut] = w.shape;
  const dw = nOut < nIn ? (tf.transpose(tf.matMul(tf.transpose(dz) as tf.Tensor2D, x)) as tf.Tensor2D) : (tf.matMul(tf.transpose(x) as tf.Tensor2D, dz) as tf.Tensor2D);
  const db = columnSums(dz);
  const dx = needDx ? (tf.matMul(dz, tf.transpose(w) as tf.Tensor2D) as tf.Tensor2D) : undefined;
  return { dx, dw, db };
}

const denseOp = tf.customGrad((x, w, b, save) => {
  (save as tf.GradSaveFunc)([x as tf.Tensor, w as tf.Tensor]);
  const value = tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), b as tf.Tensor1D);
  const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
    const { dx, dw, db } = denseGrads(dy as tf.Tensor2D, saved[0] as tf.Tensor2D, saved[1] as tf.Tensor2D, true);
    return [dx as tf.Tensor2D, dw, db];
  };
  return { value, gradFunc };
});

/** A dense layer y = x W + b whose gradient avoids tfjs-wasm's slow transposed matMul (see `denseGrads`). */
export function dense(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  return denseOp(x, w, b) as tf.Tensor2D;
}
