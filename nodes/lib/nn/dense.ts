import * as tf from '@tensorflow/tfjs';
import { transpose2d } from './transpose';

/**
 * The gradients of a dense layer z = x W + b given dL/dz:
 *   [dL/dW; dL/db] = [xᵀ; 1ᵀ] dz   (one matMul: the bias gradient Σ_rows dz is the ones row's product),
 *   dL/dx = dz Wᵀ.
 * Written with explicit transposes and plain matMuls: on tfjs-wasm a matMul with
 * transposeA/transposeB (what autodiff of matMul uses) is about 10× slower (NOTES.md), and a
 * reduction over rows is slower than folding it into the weight gradient's matMul (whose
 * right operand dz is packed once for both).
 * `extraRows` [k, n] are appended to xᵀ before the ones row: inputs that are not in x
 * (a condition row, mlp.ts); their weights' gradients come out between dW and db.
 */
export function denseGrads(dz: tf.Tensor2D, x: tf.Tensor2D, w: tf.Tensor2D, needDx: boolean, extraRows?: tf.Tensor2D): { dx?: tf.Tensor2D; dwb: tf.Tensor2D } {
  const n = x.shape[0];
  const rows = [transpose2d(x), ...(extraRows ? [extraRows] : []), tf.ones([1, n]) as tf.Tensor2D];
  const dwb = tf.matMul(tf.concat(rows, 0), dz) as tf.Tensor2D;
  const dx = needDx ? (tf.matMul(dz, tf.transpose(w) as tf.Tensor2D) as tf.Tensor2D) : undefined;
  return { dx, dwb };
}

const denseOp = tf.customGrad((x, w, b, save) => {
  (save as tf.GradSaveFunc)([x as tf.Tensor, w as tf.Tensor]);
  const value = tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), b as tf.Tensor1D);
  const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
    const [xs, ws] = saved as tf.Tensor2D[];
    const { dx, dwb } = denseGrads(dy as tf.Tensor2D, xs, ws, true);
    const [nIn, nOut] = ws.shape;
    return [dx as tf.Tensor2D, tf.slice(dwb, [0, 0], [nIn, nOut]), tf.reshape(tf.slice(dwb, [nIn, 0], [1, nOut]), [nOut])];
  };
  return { value, gradFunc };
});

/** A dense layer y = x W + b whose gradient avoids tfjs-wasm's slow transposed matMul (see `denseGrads`). */
export function dense(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  return denseOp(x, w, b) as tf.Tensor2D;
}
