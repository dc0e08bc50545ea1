import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { convertReadout, type Readout } from '../predictor';
import { normal } from '../random';
import { combine, readAffine } from './readout';
import { gaussianPredictor, values } from './testing';
import { correctorUpdate, ddimUpdate, ddpmSigma, ddpmUpdate, eulerMaruyamaUpdate, type DdpmLevel } from './updates';

const READOUTS: Readout[] = ['score', 'eps', 'x0'];
const sigma0 = 0.8;
const x = () => tf.tensor2d([-1.5, -0.3, 0.2, 0.9, 2.4, 3], [3, 2]);
const X = [-1.5, -0.3, 0.2, 0.9, 2.4, 3];

describe('readAffine: every reading from the native one', () => {
  it.each(READOUTS)('native %s: u·x + v·y equals convertReadout for each reading', async (native) => {
    const p = gaussianPredictor(sigma0, native);
    const xt = x();
    const before = tf.memory().numTensors;
    for (const as of READOUTS) {
      const { y, u, v } = readAffine(p, xt, 0.6, 0.8, as);
      const mine = combine([
        [xt, u],
        [y, v],
      ]);
      const ref = convertReadout(y, xt, 0.6, 0.8, native, as);
      const [m, r] = [await values(mine), await values(ref)];
      // Same float32 algebra in another order: a few ulps of values of size ~3.
      for (let k = 0; k < m.length; k++) expect(Math.abs(m[k] - r[k])).toBeLessThan(1e-5);
      tf.dispose([y, mine, ref]);
    }
    expect(tf.memory().numTensors).toBe(before);
    xt.dispose();
  });

  it('combine returns a tensor of its own even for one unscaled term', () => {
    const xt = x();
    const c = combine([
      [xt, 1],
      [null, 3],
      [xt, 0],
    ]);
    expect(c).not.toBe(xt);
    c.dispose();
    expect(xt.isDisposed).toBe(false);
    xt.dispose();
  });
});

describe('ddpmUpdate: one ancestral step against its formula', () => {
  // ε̂ of N(0, σ0²) data at (a, s) is s·x/V, V = a²σ0² + s² (gaussianPredictor).
  const l: DdpmLevel = { beta: 0.02, alphaBar: 0.3, alphaBarPrev: 0.3 / (1 - 0.02) };
  const a = Math.sqrt(l.alphaBar);
  const s = Math.sqrt(1 - l.alphaBar);
  const mean = (xv: number) => (xv - (l.beta / s) * ((s * xv) / (a * a * sigma0 ** 2 + s * s))) / Math.sqrt(1 - l.beta);

  it.each(READOUTS)('mean (no noise) and mean + σ_t z, with an ε̂, score or x̂_0 predictor (%s)', async (native) => {
    const xt = x();
    const z = tf.tensor2d([0.5, -1, 2, 0, -0.7, 1.3], [3, 2]);
    const Z = await values(z);
    for (const variance of ['beta', 'posterior'] as const) {
      const sig = Math.sqrt(variance === 'beta' ? l.beta : (l.beta * (1 - l.alphaBarPrev)) / (1 - l.alphaBar));
      expect(ddpmSigma(l, variance)).toBeCloseTo(sig, 14);
      const m = ddpmUpdate(gaussianPredictor(sigma0, native), xt, l, variance, null);
      const withZ = ddpmUpdate(gaussianPredictor(sigma0, native), xt, l, variance, z);
      const [mv, wv] = [await values(m), await values(withZ)];
      for (let k = 0; k < X.length; k++) {
        expect(Math.abs(mv[k] - mean(X[k]))).toBeLessThan(1e-5); // float32 rounding of O(1) values
        expect(Math.abs(wv[k] - (mean(X[k]) + sig * Z[k]))).toBeLessThan(1e-5);
      }
      tf.dispose([m, withZ]);
    }
    tf.dispose([xt, z]);
  });

  it('over many noise draws the step has the mean and the variance σ_t² of the formula', async () => {
    const n = 40_000;
    const x0 = 1.2;
    const xt = tf.fill([n, 1], x0) as tf.Tensor2D;
    const z = normal<tf.Rank.R2>([n, 1], 11);
    const out = ddpmUpdate(gaussianPredictor(sigma0), xt, l, 'beta', z);
    const v = await values(out);
    const m = v.reduce((acc, e) => acc + e, 0) / n;
    const varEmp = v.reduce((acc, e) => acc + (e - m) ** 2, 0) / (n - 1);
    // Standard errors: σ/sqrt(n) ≈ 7e-4 for the mean, σ²·sqrt(2/n) ≈ 1.4e-4 for the variance; 5 of each.
    expect(Math.abs(m - mean(x0))).toBeLessThan(5 * Math.sqrt(l.beta / n));
    expect(Math.abs(varEmp - l.beta)).toBeLessThan(5 * l.beta * Math.sqrt(2 / n));
    tf.dispose([xt, z, out]);
  });
});

describe('ddimUpdate, eulerMaruyamaUpdate, correctorUpdate against float64', () => {
  it('DDIM: sqrt(ᾱ_prev)·x̂_0 + sqrt(1 − ᾱ_prev − σ²)·ε̂ + σz, η = 0 and η = 1', async () => {
    const l = { alphaBar: 0.2, alphaBarPrev: 0.45 };
    const a = Math.sqrt(l.alphaBar);
    const s = Math.sqrt(1 - l.alphaBar);
    const V = a * a * sigma0 ** 2 + s * s;
    const xt = x();
    const z = tf.tensor2d([0.5, -1, 2, 0, -0.7, 1.3], [3, 2]);
    const Z = await values(z);
    for (const eta of [0, 1]) {
      const sig = eta * Math.sqrt(((1 - l.alphaBarPrev) / (1 - l.alphaBar)) * (1 - l.alphaBar / l.alphaBarPrev));
      const out = ddimUpdate(gaussianPredictor(sigma0, 'eps'), xt, l, eta, z);
      const got = await values(out);
      for (let k = 0; k < X.length; k++) {
        const eps = (s * X[k]) / V;
        const x0hat = (X[k] - s * eps) / a;
        const want = Math.sqrt(l.alphaBarPrev) * x0hat + Math.sqrt(1 - l.alphaBarPrev - sig * sig) * eps + sig * Z[k];
        expect(Math.abs(got[k] - want)).toBeLessThan(1e-5);
      }
      out.dispose();
    }
    tf.dispose([xt, z]);
  });

  it('Euler–Maruyama: x − [f x − g²·score]Δt + g sqrt(Δt) z', async () => {
    const pt = { a: 0.7, s: 0.6, f: -3, g2: 6 };
    const dt = 0.01;
    const xt = x();
    const z = tf.tensor2d([0.5, -1, 2, 0, -0.7, 1.3], [3, 2]);
    const Z = await values(z);
    const out = eulerMaruyamaUpdate(gaussianPredictor(sigma0), xt, pt, dt, z);
    const got = await values(out);
    const V = pt.a ** 2 * sigma0 ** 2 + pt.s ** 2;
    for (let k = 0; k < X.length; k++) {
      const want = X[k] - (pt.f * X[k] - pt.g2 * (-X[k] / V)) * dt + Math.sqrt(pt.g2 * dt) * Z[k];
      expect(Math.abs(got[k] - want)).toBeLessThan(1e-5);
    }
    tf.dispose([xt, z, out]);
  });

  it('corrector: ε = 2α(snr·mean‖z‖/mean‖score‖)², x + ε·score + sqrt(2ε)·z', async () => {
    const xt = x();
    const z = tf.tensor2d([0.5, -1, 2, 0, -0.7, 1.3], [3, 2]);
    const Z = await values(z);
    const [a, s, snr, alpha] = [0.9, 0.4, 0.16, 0.98];
    const V = a * a * sigma0 ** 2 + s * s;
    const g = X.map((e) => -e / V);
    const meanNorm = (v: number[]) => [0, 1, 2].reduce((acc, i) => acc + Math.hypot(v[2 * i], v[2 * i + 1]), 0) / 3;
    const eps = 2 * alpha * ((snr * meanNorm(Z)) / meanNorm(g)) ** 2;
    const out = correctorUpdate(gaussianPredictor(sigma0, 'x0'), xt, a, s, snr, alpha, z);
    const got = await values(out);
    for (let k = 0; k < X.length; k++) expect(Math.abs(got[k] - (X[k] + eps * g[k] + Math.sqrt(2 * eps) * Z[k]))).toBeLessThan(1e-5);
    tf.dispose([xt, z, out]);
  });
});
