import type { Operator } from '../../../src/engine/values';
import { applySeparable, type Matrix, separableSvd, smallSvd, transpose } from './separable';

/** The 1-D block average on n pixels by factor f: (n/f)×n, row i averages pixels f·i … f·i + f − 1. */
export function blockAverageMatrix(n: number, f: number): Matrix {
  if (n % f !== 0) throw new Error(`${n} pixels do not split into blocks of ${f}`);
  const rows = n / f;
  const data = new Float64Array(rows * n);
  for (let i = 0; i < rows; i++) for (let k = 0; k < f; k++) data[i * n + f * i + k] = 1 / f;
  return { rows, cols: n, data };
}

/**
 * Downsampling by an integer factor f: each f×f block of a channel is averaged,
 * A = D_H ⊗ D_W, y of shape [H/f, W/f, C]. Each block row of D has the one singular value 1/√f
 * (right vector the block's constant 1/√f), so A has the singular value 1/f per block and 0 on the
 * f² − 1 block-internal contrasts. The SVD comes from the 1-D ones (separable.ts).
 */
export function downsampleOperator(inShape: [number, number, number], factor: number, sigmaY: number): Operator {
  const [H, W, C] = inShape;
  if (H % factor !== 0 || W % factor !== 0) throw new Error(`${H}×${W} images do not split into ${factor}×${factor} blocks`);
  const [dh, dw] = [blockAverageMatrix(H, factor), blockAverageMatrix(W, factor)];
  const [dhT, dwT] = [transpose(dh), transpose(dw)];
  return {
    name: `${factor}× downsampling (block average)`,
    inShape,
    outShape: [H / factor, W / factor, C],
    sigmaY,
    apply: (x) => applySeparable(x, dh, dw),
    adjoint: (y) => applySeparable(y, dhT, dwT),
    svd: separableSvd(smallSvd(dh), smallSvd(dw), C),
  };
}
