import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { fillNormal, normal } from './random';
import { BLOCK, boxMullerJs } from './sampling/box-muller';
import { boxMullerWasm } from './sampling/box-muller-wasm';

/**
 * The normal generator against the law it claims. Every bound is a number of standard errors of
 * the statistic under the null hypothesis (5σ: a false alarm once in ~2 million runs); the seeds are
 * fixed, so the test is deterministic.
 */

/** Φ(x) via erfc (W. J. Cody's rational approximations as in Numerical Recipes' erfcc: |error| < 1.2e-7). */
function Phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}

function draw(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  fillNormal(out, seed);
  return out;
}

function moments(v: Float32Array) {
  let m1 = 0;
  for (const e of v) m1 += e;
  m1 /= v.length;
  let m2 = 0, m3 = 0, m4 = 0;
  for (const e of v) {
    const d = e - m1;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= v.length;
  m3 /= v.length;
  m4 /= v.length;
  return { mean: m1, variance: m2, skew: m3 / m2 ** 1.5, exKurt: m4 / (m2 * m2) - 3 };
}

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sa = 0, sb = 0, sab = 0, saa = 0, sbb = 0;
  const n = a.length;
  for (let i = 0; i < n; i++) {
    sa += a[i];
    sb += b[i];
    sab += a[i] * b[i];
    saa += a[i] * a[i];
    sbb += b[i] * b[i];
  }
  const cov = sab / n - (sa / n) * (sb / n);
  return cov / Math.sqrt((saa / n - (sa / n) ** 2) * (sbb / n - (sb / n) ** 2));
}

const N = 1_000_000;
const FIVE_SIGMA = 5;

describe('fillNormal (Box–Muller on xoshiro128**, float32)', () => {
  const v = draw(N, 12345);

  it('has the moments of N(0, 1)', () => {
    const m = moments(v);
    // Standard errors under N(0, 1): mean 1/√n, variance √(2/n), skewness √(6/n), excess kurtosis √(24/n).
    expect(Math.abs(m.mean)).toBeLessThan(FIVE_SIGMA / Math.sqrt(N));
    expect(Math.abs(m.variance - 1)).toBeLessThan(FIVE_SIGMA * Math.sqrt(2 / N));
    expect(Math.abs(m.skew)).toBeLessThan(FIVE_SIGMA * Math.sqrt(6 / N));
    expect(Math.abs(m.exKurt)).toBeLessThan(FIVE_SIGMA * Math.sqrt(24 / N));
  });

  it('passes Kolmogorov–Smirnov against Φ', () => {
    const sorted = Float64Array.from(v).sort();
    let d = 0;
    for (let i = 0; i < N; i++) {
      const F = Phi(sorted[i]);
      d = Math.max(d, (i + 1) / N - F, F - i / N);
    }
    // √n·D is Kolmogorov-distributed: P(√n·D > 1.95) = 0.001. Φ's error (1.2e-7) is far below D's scale (1e-3).
    expect(Math.sqrt(N) * d).toBeLessThan(1.95);
  });

  it('passes chi-square on 1000 equiprobable bins of Φ(x), and fills the tails', () => {
    const bins = new Float64Array(1000);
    let beyondR = 0, beyond4 = 0;
    for (const e of v) {
      bins[Math.min(999, Math.floor(Phi(e) * 1000))] += 1;
      if (Math.abs(e) > 3.442619855899) beyondR += 1;
      if (Math.abs(e) > 4) beyond4 += 1;
    }
    const expected = N / 1000;
    let chi2 = 0;
    for (const c of bins) chi2 += (c - expected) ** 2 / expected;
    // χ² with 999 degrees of freedom: mean 999, sd √1998 ≈ 44.7.
    expect(chi2).toBeLessThan(999 + FIVE_SIGMA * Math.sqrt(2 * 999));
    // Counts beyond R (the tail method) and beyond 4: binomial, p = 2(1 − Φ(c)).
    for (const [count, c] of [[beyondR, 3.442619855899], [beyond4, 4]] as const) {
      const p = 2 * (1 - Phi(c));
      expect(Math.abs(count - N * p)).toBeLessThan(FIVE_SIGMA * Math.sqrt(N * p * (1 - p)));
    }
  });

  it('draws the far tail (|x| > 3.44) from its law', () => {
    // ~5,800 of 10⁷ draws fall beyond R = 3.44 (where float32 ln u₁ near 0 decides); Kolmogorov–Smirnov
    // of |x| against the conditional law (Φ(y) − Φ(R))/(1 − Φ(R)), whose erfc has relative error < 1.2e-7 there too.
    const R = 3.442619855899;
    const big = draw(10_000_000, 777);
    const tail: number[] = [];
    for (const e of big) if (Math.abs(e) > R) tail.push(Math.abs(e));
    tail.sort((a, b) => a - b);
    const q = 1 - Phi(R);
    let d = 0;
    tail.forEach((y, i) => {
      const F = 1 - (1 - Phi(y)) / q;
      d = Math.max(d, (i + 1) / tail.length - F, F - i / tail.length);
    });
    expect(Math.sqrt(tail.length) * d).toBeLessThan(1.95);
  });

  it('draws independent numbers: no correlation at lag 1 (values and squares), none between streams', () => {
    // Under independence a sample correlation of n pairs has standard error 1/√n.
    const se = 1 / Math.sqrt(N - 1);
    expect(Math.abs(correlation(v.subarray(0, N - 1), v.subarray(1)))).toBeLessThan(FIVE_SIGMA * se);
    const sq = v.map((e) => e * e);
    expect(Math.abs(correlation(sq.subarray(0, N - 1), sq.subarray(1)))).toBeLessThan(FIVE_SIGMA * se);
    // Neighbouring seeds (as a loop's steps use) give unrelated streams.
    const w = draw(N, 12346);
    expect(Math.abs(correlation(v, w))).toBeLessThan(FIVE_SIGMA / Math.sqrt(N));
    const sw = w.map((e) => e * e);
    expect(Math.abs(correlation(sq, sw))).toBeLessThan(FIVE_SIGMA / Math.sqrt(N));
  });

  it('is reproducible from the seed, seed 0 included, and differs between seeds', () => {
    expect(Array.from(draw(1000, 0))).toEqual(Array.from(draw(1000, 0)));
    expect(Array.from(draw(1000, 7))).toEqual(Array.from(draw(1000, 7)));
    expect(Array.from(draw(1000, 7))).not.toEqual(Array.from(draw(1000, 8)));
    // The first n numbers of a longer draw are the draw of n: the stream does not depend on the size.
    expect(Array.from(draw(2000, 7).subarray(0, 1000))).toEqual(Array.from(draw(1000, 7)));
  });
});

describe('Box–Muller paths', () => {
  it('WASM SIMD and the JavaScript model give the same bits and leave the same state', () => {
    // 2¹² blocks (32,768 numbers: every quadrant and both log branches many times) from three states.
    for (const seed of [0, 1, 0x7fffffff]) {
      const st = Int32Array.from({ length: 16 }, (_, i) => Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b));
      const [a, b] = [new Float32Array(2 ** 12 * BLOCK), new Float32Array(2 ** 12 * BLOCK)];
      const st2 = st.slice();
      expect(boxMullerWasm(a, a.length / BLOCK, st)).toBe(true);
      boxMullerJs(b, b.length / BLOCK, st2);
      expect(new Uint32Array(a.buffer)).toEqual(new Uint32Array(b.buffer));
      expect(Array.from(st)).toEqual(Array.from(st2));
    }
  });

  it('never exceeds √(64 ln 2) in magnitude (u₁ ≥ 2⁻³²)', () => {
    expect(Math.max(...draw(100_000, 4).map(Math.abs))).toBeLessThan(Math.sqrt(64 * Math.LN2));
  });
});

describe('normal', () => {
  it('makes a float32 tensor of the shape from fillNormal, and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const t = normal<tf.Rank.R3>([4, 5, 6], 3);
    expect(t.shape).toEqual([4, 5, 6]);
    expect(t.dtype).toBe('float32');
    expect(Array.from(await t.data())).toEqual(Array.from(draw(120, 3)));
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
