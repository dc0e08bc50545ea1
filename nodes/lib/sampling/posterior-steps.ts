import * as tf from '@tensorflow/tfjs';
import type { RunContext } from '../../../src/engine/context';
import type { Predictor } from '../predictor';
import { readAs } from '../predictor';
import { Chain, type SamplerResult } from './chain';

/**
 * The loop and the gradient of the guided posterior samplers (DPS, ΠGDM). Their steps need
 * ∇_x of a function of Tweedie's x̂_0(x) = (x + s²·score)/a, i.e. a vector–Jacobian product through
 * the predictor (tf.grad through the network or the exact score: both are tfjs ops). That cannot
 * run inside interruptibleStep (nn/interruptible.ts: its deferred slices return stored results,
 * which carry no gradient), so these steps are async and slice the batch themselves, awaiting
 * the run's checkpoint between slices: a cancel lands within one slice.
 */

/**
 * Rows per gradient slice: a whole batch of points [n, d ≤ 256]; images [N, H, W, C] (and rows of
 * more than 256 numbers) in slices of about 16 MNIST digits. (A size threshold alone once sent 200
 * MNIST digits, 784 numbers each, through the U-Net's backward pass at once: the wasm heap aborted.)
 */
export function gradientRows(x: tf.Tensor): number {
  const size = x.size / Math.max(1, x.shape[0]);
  return x.rank <= 2 && size <= 256 ? x.shape[0] : Math.max(1, Math.floor((16 * 784) / size));
}

export interface X0Gradient {
  /** Tweedie's x̂_0(x) [N, …]. */
  x0: tf.Tensor;
  /** ∇_x Σ_rows L(x̂_0(x)) [N, …], L the per-slice loss. */
  grad: tf.Tensor;
}

/**
 * x̂_0 and ∇_x L(x̂_0(x)) for a loss that sums per-sample terms (so a slice's gradient is its rows'),
 * computed slice by slice: `loss(x0Rows, begin, size)` gets the rows [begin, begin + size).
 * One predictor evaluation (and its backward pass) per row. Returns new tensors; never disposes x.
 */
export async function x0AndGradient(
  p: Predictor,
  x: tf.Tensor,
  a: number,
  s: number,
  loss: (x0: tf.Tensor, begin: number, size: number) => tf.Scalar,
  checkpoint: () => Promise<void>,
): Promise<X0Gradient> {
  const n = x.shape[0];
  const rows = gradientRows(x);
  const x0s: tf.Tensor[] = [];
  const grads: tf.Tensor[] = [];
  let whole = false;
  try {
    for (let begin = 0; begin < n; begin += rows) {
      const size = Math.min(rows, n - begin);
      if (begin > 0) await checkpoint();
      tf.tidy(() => {
        const part = size === n ? x : tf.slice(x, begin, size);
        let x0: tf.Tensor | undefined;
        const grad = tf.grad((xv: tf.Tensor) => {
          const r = readAs(p, xv, a, s, 'x0');
          x0 = tf.keep(tf.clone(r));
          return loss(r, begin, size);
        })(part);
        x0s.push(x0!);
        grads.push(tf.keep(grad));
      });
    }
    whole = x0s.length === 1;
    return whole ? { x0: x0s[0], grad: grads[0] } : { x0: tf.concat(x0s), grad: tf.concat(grads) };
  } finally {
    // The slices are joined into new tensors (or handed over whole); on error all are freed.
    if (!whole) tf.dispose([...x0s, ...grads]);
  }
}

/**
 * Run `total` async steps (x, j) → x_new from xT (the j-th ending at time timeAt(j + 1)); each step
 * owns its intermediates and returns a new tensor. Snapshots, progress and cancel as runSteps
 * (chain.ts); leaves no tensors behind on success, error or cancel.
 */
export async function runAsyncSteps(
  ctx: RunContext,
  xT: tf.Tensor,
  total: number,
  timeAt: (j: number) => number,
  timeLabel: string,
  step: (x: tf.Tensor, j: number) => Promise<tf.Tensor>,
): Promise<SamplerResult> {
  const chain = new Chain(ctx, xT, timeAt(0), timeLabel);
  try {
    for (let j = 0; j < total; j++) await chain.advance(await step(chain.x, j), (j + 1) / total, timeAt(j + 1));
    return chain.finish();
  } catch (e) {
    chain.dispose();
    throw e;
  }
}
