import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { TOY2D_NAMES, toy2d } from './toy2d';

async function draw(name: (typeof TOY2D_NAMES)[number], n: number, seed: number): Promise<Float32Array> {
  const x = toy2d(name).sample(n, seed);
  expect(x.shape).toEqual([n, 2]);
  const v = (await x.data()) as Float32Array;
  x.dispose();
  return v;
}

/** Sample mean and covariance of interleaved 2-D points. */
function moments(v: Float32Array): { mean: [number, number]; cov: [number, number, number] } {
  const n = v.length / 2;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += v[2 * i]; my += v[2 * i + 1]; }
  mx /= n; my /= n;
  let sxx = 0, sxy = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = v[2 * i] - mx, dy = v[2 * i + 1] - my;
    sxx += dx * dx; sxy += dx * dy; syy += dy * dy;
  }
  return { mean: [mx, my], cov: [sxx / n, sxy / n, syy / n] };
}

describe('toy 2-D data sets', () => {
  it('8gaussians has the mixture\'s closed-form moments', async () => {
    const dist = toy2d('8gaussians');
    const mix = dist.mixture!;
    expect(mix.means).toHaveLength(8);
    // Closed form: mean Σ w μ = 0; covariance Σ w μμᵀ + σ² I = (r²/2) I + σ² I = (4 + 1/8) I (r = 2√2, σ = 1/(2√2)).
    let cxx = 0, cxy = 0, cyy = 0;
    mix.means.forEach(([x, y], k) => { cxx += mix.weights[k] * x * x; cxy += mix.weights[k] * x * y; cyy += mix.weights[k] * y * y; });
    const s2 = mix.stds[0] ** 2;
    expect(cxx + s2).toBeCloseTo(4.125, 12);
    expect(cyy + s2).toBeCloseTo(4.125, 12);
    expect(cxy).toBeCloseTo(0, 12);
    // n = 200000: standard error of a mean sqrt(4.125/n) ≈ 0.0045 (tolerance 0.025, 5.5 SE); of a
    // variance sqrt(Var(x²)/n) with Var(x²) = E x⁴ − 4.125² ≈ 7 → 0.006 (tolerance 0.035); of the
    // covariance sqrt(E[x²y²]/n) ≈ sqrt(4/n) ≈ 0.0045 (tolerance 0.025).
    const { mean, cov } = moments(await draw('8gaussians', 200_000, 1));
    expect(Math.abs(mean[0])).toBeLessThan(0.025);
    expect(Math.abs(mean[1])).toBeLessThan(0.025);
    expect(Math.abs(cov[0] - 4.125)).toBeLessThan(0.035);
    expect(Math.abs(cov[2] - 4.125)).toBeLessThan(0.035);
    expect(Math.abs(cov[1])).toBeLessThan(0.025);
  });

  it('ncsn-gmm puts 4/5 of its mass near (5, 5)', async () => {
    const v = await draw('ncsn-gmm', 50_000, 2);
    let upper = 0;
    for (let i = 0; i < v.length; i += 2) if (v[i] + v[i + 1] > 0) upper++;
    // Binomial SE sqrt(0.16/5e4) ≈ 0.0018; the components overlap the line x + y = 0 with mass < 1e-12.
    expect(Math.abs(upper / 50_000 - 0.8)).toBeLessThan(0.01);
    expect(toy2d('ncsn-gmm').mixture!.means).toEqual([[-5, -5], [5, 5]]);
  });

  it('gives every set its documented scale, reproducibly from the seed', async () => {
    const before = tf.memory().numTensors;
    const n = 20_000;
    for (const name of TOY2D_NAMES) {
      const v = await draw(name, n, 3);
      expect(Array.from(await draw(name, n, 3))).toEqual(Array.from(v));
      expect(Array.from(await draw(name, n, 4))).not.toEqual(Array.from(v));
      expect(v.every(Number.isFinite)).toBe(true);
    }
    // Checkerboard (FFJORD): ⌊x/2⌋ + ⌊y/2⌋ is even for every point, and each of the 8 squares gets ~1/8.
    const cb = await draw('checkerboard', n, 5);
    const squares = new Map<string, number>();
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const [x, y] = [cb[2 * i], cb[2 * i + 1]];
      if (Math.abs(x) > 4 || Math.abs(y) > 4 || (((Math.floor(x / 2) + Math.floor(y / 2)) % 2) + 2) % 2 !== 0) outside++;
      const key = `${Math.floor(x / 2)},${Math.floor(y / 2)}`;
      squares.set(key, (squares.get(key) ?? 0) + 1);
    }
    expect(outside).toBe(0);
    expect(squares.size).toBe(8);
    // 1/8 of 20000 = 2500 per square, binomial SE ≈ 47: tolerance 250.
    for (const c of squares.values()) expect(Math.abs(c - n / 8)).toBeLessThan(250);
    // Circles: radii 1.5 and 3 with noise 0.24 → mean radius ≈ 2.25 (+ a small noise bias ≈ σ²/(2r) < 0.02).
    const ci = await draw('circles', n, 6);
    let meanR = 0;
    for (let i = 0; i < n; i++) meanR += Math.hypot(ci[2 * i], ci[2 * i + 1]) / n;
    expect(Math.abs(meanR - 2.25)).toBeLessThan(0.04);
    // Swiss roll: before noise the radius t/5 lies in [0.3π, 0.9π] ≈ [0.94, 2.83]; noise 0.2 → 5σ margin of 1.
    const sw = await draw('swissroll', n, 7);
    let rMin = Infinity, rMax = 0;
    for (let i = 0; i < n; i++) {
      const r = Math.hypot(sw[2 * i], sw[2 * i + 1]);
      rMin = Math.min(rMin, r);
      rMax = Math.max(rMax, r);
    }
    expect(rMin).toBeGreaterThan(0.94 - 1);
    expect(rMax).toBeLessThan(2.83 + 1);
    // Moons, θ ~ U[0, π]: outer E[2cos θ − 1, 2 sin θ − 0.2] = (−1, 4/π − 0.2), inner
    // E[1 − 2cos θ, 0.8 − 2 sin θ] = (1, 0.8 − 4/π): the mean is (0, 0.3).
    const { mean } = moments(await draw('moons', n, 8));
    // SE ≈ sqrt(Var/n) with Var ≲ 2: 0.01; tolerance 0.05.
    expect(Math.abs(mean[0])).toBeLessThan(0.05);
    expect(Math.abs(mean[1] - 0.3)).toBeLessThan(0.05);
    expect(tf.memory().numTensors).toBe(before);
  });
});
