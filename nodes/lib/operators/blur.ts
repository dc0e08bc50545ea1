import type { Operator } from '../../../src/engine/values';
import { applySeparable, type Matrix, separableSvd, smallSvd, transpose } from './separable';

/**
 * The 1-D Gaussian blur matrix on n pixels with zero boundary (pixels outside the image are 0):
 * B[i, j] = g(i − j) for |i − j| ≤ r, g(k) = exp(−k²/(2σ_b²)) / Σ_{|k'|≤r} exp(−k'²/(2σ_b²)),
 * r = ⌈3σ_b⌉ (the kernel sums to 1; rows near the edge sum to less). B is symmetric.
 */
export function blurMatrix(n: number, sigma: number): Matrix {
  const r = Math.ceil(3 * sigma);
  const g = Array.from({ length: 2 * r + 1 }, (_, k) => Math.exp(-((k - r) ** 2) / (2 * sigma * sigma)));
  const total = g.reduce((acc, v) => acc + v, 0);
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = Math.max(0, i - r); j <= Math.min(n - 1, i + r); j++) data[i * n + j] = g[j - i + r] / total;
  return { rows: n, cols: n, data };
}

/** Gaussian blur A = B_H ⊗ B_W of [H, W, C] images (each channel apart), zero boundary; SVD from the 1-D SVDs. */
export function blurOperator(inShape: [number, number, number], blurSigma: number, sigmaY: number): Operator {
  const [H, W, C] = inShape;
  const [bh, bw] = [blurMatrix(H, blurSigma), blurMatrix(W, blurSigma)];
  const [bhT, bwT] = [transpose(bh), transpose(bw)];
  return {
    name: `Gaussian blur σ_b = ${blurSigma}`,
    inShape,
    outShape: inShape,
    sigmaY,
    apply: (x) => applySeparable(x, bh, bw),
    adjoint: (y) => applySeparable(y, bhT, bwT),
    svd: separableSvd(smallSvd(bh), smallSvd(bw), C),
  };
}
