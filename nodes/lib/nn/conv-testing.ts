import * as tf from '@tensorflow/tfjs';
import { convGeometry, type ConvGeometry, type ConvPadding } from './conv-geometry';
import { winogradApplies, winogradTile } from './winograd-conv';
import { F2 } from './winograd-matrices';

/** Test helpers of the convolution gradient kernels: cases, inputs and float64 references. */

/** A deterministic spread of values in (−0.9, 0.9). */
export const values = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(1.37 * i + 0.71 * seed) * 0.9);

export interface ConvCase {
  x: [number, number, number, number];
  f: [number, number, number, number];
  s: number | [number, number];
  pad: ConvPadding;
}

// Odd sizes, strides 1 and 2 (and mixed), every padding mode, batch > 1, 1 to 33 channels
// (the SIMD GEMM's 8-wide tiles, 4-wide and 1–3 column tails), chunks of positions (the last case
// has 3·15·15 = 675 positions of K2 = 99: several chunks).
export const CONV_CASES: ConvCase[] = [
  { x: [1, 5, 5, 1], f: [3, 3, 1, 1], s: 1, pad: 'same' },
  { x: [2, 7, 5, 3], f: [3, 3, 3, 5], s: 1, pad: 'valid' },
  { x: [3, 9, 7, 2], f: [3, 3, 2, 8], s: 2, pad: 'same' },
  { x: [2, 8, 8, 4], f: [3, 3, 4, 6], s: 2, pad: 'valid' },
  { x: [2, 6, 7, 5], f: [1, 1, 5, 9], s: 1, pad: 'same' },
  { x: [2, 11, 9, 3], f: [2, 3, 3, 4], s: [2, 1], pad: 'same' },
  { x: [2, 7, 6, 3], f: [3, 2, 3, 7], s: 1, pad: [[0, 0], [2, 1], [0, 2], [0, 0]] },
  { x: [1, 10, 10, 6], f: [5, 5, 6, 3], s: 2, pad: 2 },
  { x: [3, 15, 15, 11], f: [3, 3, 11, 33], s: 1, pad: 'same' },
];

export const caseLabel = (c: ConvCase) => `x [${c.x}] filter [${c.f}] stride ${c.s} pad ${JSON.stringify(c.pad)}`;

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** The raw numbers of a case: x, W and r (the upstream gradient dy), and the geometry. */
export function caseData(c: ConvCase): { g: ConvGeometry; x: Float32Array; w: Float32Array; r: Float32Array; rShape: [number, number, number, number] } {
  const g = convGeometry(c.x, c.f, c.s, c.pad);
  const rShape: [number, number, number, number] = [g.batch, g.outH, g.outW, g.outC];
  return { g, x: values(size(c.x), 1), w: values(size(c.f), 2), r: values(size(rShape), 3), rShape };
}

/** x, W and r as tensors on the backend in use. */
export function caseTensors(c: ConvCase) {
  const d = caseData(c);
  return { x: tf.tensor4d(d.x, c.x), w: tf.tensor4d(d.w, c.f), r: tf.tensor4d(d.r, d.rShape) };
}

/** L(x, W) = Σ conv2d(x, W) ⊙ r: its gradients are the kernels' outputs for dy = r. */
export const caseLoss = (c: ConvCase, r: tf.Tensor4D) => (x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.s, c.pad), r));

/** y = conv2d(x, W), dL/dx and dL/dW (for dy = r) from the definition, in float64 (independent of tfjs). */
export function float64Sums(c: ConvCase): { y: Float64Array; dx: Float64Array; dw: Float64Array } {
  const { g, x, w, r } = caseData(c);
  const [y, dx, dw] = [new Float64Array(r.length), new Float64Array(x.length), new Float64Array(w.length)];
  for (let n = 0; n < g.batch; n++)
    for (let oh = 0; oh < g.outH; oh++)
      for (let ow = 0; ow < g.outW; ow++)
        for (let kh = 0; kh < g.fh; kh++)
          for (let kw = 0; kw < g.fw; kw++) {
            const [ih, iw] = [oh * g.sh - g.top + kh, ow * g.sw - g.left + kw];
            if (ih < 0 || ih >= g.inH || iw < 0 || iw >= g.inW) continue;
            for (let ci = 0; ci < g.inC; ci++)
              for (let co = 0; co < g.outC; co++) {
                const xi = ((n * g.inH + ih) * g.inW + iw) * g.inC + ci;
                const wi = ((kh * g.fw + kw) * g.inC + ci) * g.outC + co;
                const yi = ((n * g.outH + oh) * g.outW + ow) * g.outC + co;
                y[yi] += x[xi] * w[wi];
                dw[wi] += x[xi] * r[yi];
                dx[xi] += w[wi] * r[yi];
              }
          }
  return { y, dx, dw };
}

/** max |a − b| / max(1, max |b|). */
export function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`relDiff: lengths ${a.length} and ${b.length}`);
  let [d, m] = [0, 0];
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  }
  return d / Math.max(1, m);
}

/**
 * Where each row of the im2col matrix reads: for positions p0 ≤ p < p0 + count and taps (kh, kw),
 * in that order, the float offset of x[n, oh·sh − top + kh, ow·sw − left + kw, 0] from x's start,
 * or −1 where that pixel lies outside the image (a row of zeros): the plain reference for packing
 * (X̂ from x) and scattering (dx from dX̂) by strided runs (conv-patches.test.ts).
 */
export function patchSources(g: ConvGeometry, p0: number, count: number): Int32Array {
  const { inH, inW, inC, outH, outW, fh, fw, sh, sw, top, left } = g;
  const out = new Int32Array(count * fh * fw);
  let at = 0;
  for (let p = p0; p < p0 + count; p++) {
    const ow = p % outW;
    const oh = Math.floor(p / outW) % outH;
    const n = Math.floor(p / (outW * outH));
    for (let kh = 0; kh < fh; kh++) {
      const ih = oh * sh - top + kh;
      for (let kw = 0; kw < fw; kw++) {
        const iw = ow * sw - left + kw;
        out[at++] = ih >= 0 && ih < inH && iw >= 0 && iw < inW ? ((n * inH + ih) * inW + iw) * inC : -1;
      }
    }
  }
  return out;
}

/**
 * The relative error bound of the wasm kernels for a case against float64 or tfjs-cpu: 1e-5 for
 * im2col and Winograd F(2×2) (sums rounded in float32), 1e-4 where winogradTile takes F(3×3) or
 * F(4×4) (0.5–3.9e-5 of the scale per convolution, winograd.test.ts).
 */
export function kernelBound(c: ConvCase): number {
  const { g } = caseData(c);
  return winogradApplies(g) && winogradTile(g) !== F2 ? 1e-4 : 1e-5;
}
