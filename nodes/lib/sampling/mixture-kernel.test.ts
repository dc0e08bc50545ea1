import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { MAX_COMPONENTS, mixtureKernel, PER_COMPONENT } from './mixture-kernel';
import { moduleBytes, op, sleb, uleb } from '../wasm/encode';

/**
 * The WASM SIMD kernel against a float64 evaluation of the same formula,
 *   out = Σ_k r_k B_k + x Σ_k r_k C_k + c_z z,  r = softmax_k(W0_k x₀ + W1_k x₁ + b_k + q_k|x|²),
 * on random constants and points. The kernel works in float32 with a polynomial exp (relative error
 * ~1e-7 per term), so it agrees to float32 rounding. Two sources: the sums (a few ulps of the scale
 * Σ_k r_k(|B_k| + |x||C_k|) + |c_z z|), and the logits, whose float32 rounding δℓ ≈ ε·Λ with
 * Λ = max_k(|W_k·x| + |b_k| + |q_k||x|²) moves r by up to δℓ (dr/dℓ ≤ 1) — large only when the logits
 * are (the far-points case, Λ ~ 10⁴, as in every float32 softmax). Bound: (2e-6 + 4ε·Λ)·scale
 * (measured: at most 0.06 of it).
 */

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a / 4294967296;
  };
}

interface Case {
  n: number;
  K: number;
  /** Spread of the logits' slopes: large values make the softmax nearly one-hot (stability). */
  slope: number;
  withQ: boolean;
  cz: number;
}

function makeConstants(c: Case, u: () => number): Float32Array {
  const out = new Float32Array(4 + PER_COMPONENT * c.K);
  out[0] = c.cz;
  for (let k = 0; k < c.K; k++) {
    const base = 4 + PER_COMPONENT * k;
    out.set([c.slope * (2 * u() - 1), c.slope * (2 * u() - 1), 3 * (2 * u() - 1), c.withQ ? -(0.1 + u()) : 0, 4 * (2 * u() - 1), 4 * (2 * u() - 1), 2 * u() - 1], base);
  }
  return out;
}

const EPS32 = 2 ** -24;

/** The float64 result and each point's allowed error (see the bound above). */
function reference(xs: Float32Array, zs: Float32Array | null, k: Float32Array, K: number): { ref: Float64Array; tol: Float64Array } {
  const n = xs.length / 2;
  const ref = new Float64Array(2 * n);
  const tol = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [x0, x1] = [xs[2 * i], xs[2 * i + 1]];
    let lambda = 0;
    const l = Array.from({ length: K }, (_, j) => {
      const c = 4 + PER_COMPONENT * j;
      const xx = x0 * x0 + x1 * x1;
      lambda = Math.max(lambda, Math.abs(k[c] * x0) + Math.abs(k[c + 1] * x1) + Math.abs(k[c + 2]) + Math.abs(k[c + 3] * xx));
      return k[c] * x0 + k[c + 1] * x1 + k[c + 2] + k[c + 3] * xx;
    });
    const top = Math.max(...l);
    const e = l.map((v) => Math.exp(v - top));
    const S = e.reduce((a, b) => a + b, 0);
    let [o0, o1, sc] = [0, 0, 0];
    e.forEach((ej, j) => {
      const c = 4 + PER_COMPONENT * j;
      const r = ej / S;
      o0 += r * (k[c + 4] + x0 * k[c + 6]);
      o1 += r * (k[c + 5] + x1 * k[c + 6]);
      sc += r * (Math.abs(k[c + 4]) + Math.abs(k[c + 5]) + (Math.abs(x0) + Math.abs(x1)) * Math.abs(k[c + 6]));
    });
    if (zs) {
      o0 += k[0] * zs[2 * i];
      o1 += k[0] * zs[2 * i + 1];
      sc += Math.abs(k[0]) * (Math.abs(zs[2 * i]) + Math.abs(zs[2 * i + 1]));
    }
    ref[2 * i] = o0;
    ref[2 * i + 1] = o1;
    tol[i] = (2e-6 + 4 * EPS32 * lambda) * sc;
  }
  return { ref, tol };
}

const cases: [string, Case][] = [
  ['8 components, mixed responsibilities, noise', { n: 4096, K: 8, slope: 2, withQ: false, cz: 0.3 }],
  ['n not a multiple of 4 (the tail), |x|² terms', { n: 1023, K: 5, slope: 1, withQ: true, cz: 0 }],
  ['one component', { n: 6, K: 1, slope: 1, withQ: false, cz: 1 }],
  ['far points: logits differ by thousands (stable softmax)', { n: 257, K: 13, slope: 400, withQ: true, cz: 0.1 }],
  ['fewer than 4 points', { n: 3, K: 3, slope: 1, withQ: false, cz: 0.5 }],
];

// The kernel exists on tfjs-wasm only (the tests' backend unless DGL_BACKEND=cpu).
describe.runIf(tf.getBackend() === 'wasm')('mixture kernel (WASM SIMD)', () => {
  it('runs up to MAX_COMPONENTS components, and declines beyond', () => {
    const x = tf.zeros([4, 2]) as tf.Tensor2D;
    const attrs = (K: number) => ({ constants: new Float32Array(4 + PER_COMPONENT * K), K });
    const out = mixtureKernel(x, null, attrs(MAX_COMPONENTS));
    expect(out).not.toBeNull();
    expect(mixtureKernel(x, null, attrs(MAX_COMPONENTS + 1))).toBeNull();
    tf.dispose([x, out!]);
  });

  it.each(cases)('matches a float64 evaluation: %s', async (_name, c) => {
    const before = tf.memory().numTensors;
    const u = seeded(c.n * 31 + c.K);
    const constants = makeConstants(c, u);
    const xs = Float32Array.from({ length: 2 * c.n }, () => 6 * (2 * u() - 1));
    const zs = c.cz !== 0 ? Float32Array.from({ length: 2 * c.n }, () => 2 * (2 * u() - 1)) : null;
    const x = tf.tensor2d(xs, [c.n, 2]);
    const z = zs ? tf.tensor2d(zs, [c.n, 2]) : null;
    const out = mixtureKernel(x, z, { constants, K: c.K })!;
    expect(out.shape).toEqual([c.n, 2]);
    const got = await out.data();
    const { ref, tol } = reference(xs, zs, constants, c.K);
    let worst = 0;
    for (let i = 0; i < c.n; i++) for (let j = 0; j < 2; j++) worst = Math.max(worst, Math.abs(got[2 * i + j] - ref[2 * i + j]) / tol[i]);
    expect(worst).toBeLessThan(1);
    // The inputs are untouched.
    expect(Array.from(await x.data())).toEqual(Array.from(xs));
    tf.dispose([x, out]);
    z?.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps a NaN input a NaN (the finite-output check downstream sees it)', async () => {
    const x = tf.tensor2d([NaN, 0, 1, 1, 0.5, 0.5, 2, 2], [4, 2]);
    const out = mixtureKernel(x, null, { constants: makeConstants({ n: 4, K: 2, slope: 1, withQ: false, cz: 0 }, seeded(1)), K: 2 })!;
    const v = await out.data();
    expect(Number.isNaN(v[0])).toBe(true);
    expect(Array.from(v.slice(2)).every(Number.isFinite)).toBe(true);
    tf.dispose([x, out]);
  });
});

describe('wasm-encode', () => {
  it('encodes LEB128 as the spec examples', () => {
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(127)).toEqual([0xff, 0x00]);
    expect(sleb(-1)).toEqual([0x7f]);
  });

  it('makes a valid module that imports a memory', () => {
    const bytes = moduleBytes({ params: [], locals: [], body: [...op.i32(0), ...op.brIf(0)], exportName: 'f' }, { shared: false, maxPages: 1 });
    expect(WebAssembly.validate(bytes)).toBe(true);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const { f } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as { f: () => void };
    expect(f()).toBeUndefined();
  });
});
