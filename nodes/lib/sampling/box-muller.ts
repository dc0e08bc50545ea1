/**
 * Standard normal numbers by Box–Muller on xoshiro128** words, in float32 arithmetic, four
 * independent streams (lanes) side by side. This file is the specification, in plain JavaScript:
 * every float32 operation is one Math.fround of the float64 result, which is exactly IEEE float32
 * arithmetic (for +, −, ×, ÷, √ double rounding through float64 is exact). box-muller-wasm.ts runs
 * the same operations in f32x4 SIMD lanes and must give the same bits (tested).
 *
 * Block b of 8 numbers: lane j draws w₁ then w₂ from its stream;
 *   u₁ = (w₁ + ½)·2⁻³² ∈ (0, 1],  u₂ = w₂·2⁻³² ∈ [0, 1],  r = √(−2 ln u₁),  θ = 2π u₂,
 *   out[8b + j] = r cos θ,  out[8b + 4 + j] = r sin θ.
 * u₁ ≥ 2⁻³² bounds |z| by √(64 ln 2) ≈ 6.66 (P(|z| > 6.66) ≈ 3e−11). ln is Cephes' logf; θ is
 * reduced to φ = (4u₂ − n)·π/2 ∈ [−π/4, π/4] with n = round(4u₂), sin φ and cos φ by Cephes'
 * sinf/cosf polynomials (all ~1e−7 relative), then rotated by n quarter turns.
 */

export const LANES = 4;
/** Numbers per block: a cos and a sin per lane. */
export const BLOCK = 2 * LANES;

/** Cephes logf: P(x) for x ∈ [√½ − 1, √2 − 1], highest degree first; ln 2 split as C1 + C2. */
export const LOG_P = [7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1];
export const LN2_HI = 0.693359375;
export const LN2_LO = -2.12194440e-4;
export const SQRT_HALF = Math.SQRT1_2;
/** Cephes sinf / cosf on [−π/4, π/4], highest degree first (in z = φ²). */
export const SIN_P = [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1];
export const COS_P = [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2];
export const HALF_PI = Math.PI / 2;
export const TWO_POW_M32 = 2 ** -32;

const f = Math.fround;
const bits = new DataView(new ArrayBuffer(4));
const asInt = (x: number) => (bits.setFloat32(0, x), bits.getInt32(0));
const asFloat = (i: number) => (bits.setInt32(0, i), bits.getFloat32(0));

/** The next word of lane j (state: 16 words, word i of lane j at 4i + j), as an unsigned integer. */
function next(st: Int32Array, j: number): number {
  const s1 = st[4 + j];
  const m = Math.imul(s1, 5);
  const r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
  const s2 = st[8 + j] ^ st[j];
  const s3 = st[12 + j] ^ s1;
  st[4 + j] = s1 ^ s2;
  st[j] ^= s3;
  st[8 + j] = s2 ^ (s1 << 9);
  st[12 + j] = (s3 << 11) | (s3 >>> 21);
  return r;
}

/** Horner's rule in float32: ((c₀x + c₁)x + c₂)… */
function horner(c: readonly number[], x: number): number {
  let p = f(c[0]);
  for (let i = 1; i < c.length; i++) p = f(f(p * x) + f(c[i]));
  return p;
}

/** ln u for u in (0, 1] (Cephes logf with frexp by bits). */
function logf(u: number): number {
  const b = asInt(u);
  let e = (b >> 23) - 126;
  let x = asFloat((b & 0x807fffff) | 0x3f000000); // mantissa in [½, 1)
  if (x < f(SQRT_HALF)) {
    e -= 1;
    x = f(f(x + x) - 1);
  } else x = f(x - 1);
  const ef = f(e);
  const z = f(x * x);
  let y = f(f(horner(LOG_P, x) * x) * z);
  y = f(y + f(ef * f(LN2_LO)));
  y = f(y + f(z * -0.5));
  return f(f(x + y) + f(ef * f(LN2_HI)));
}

/** x rounded to the nearest integer, ties to even (f32x4.nearest). */
function nearest(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Fill out[0 … 8·blocks) from the lanes' state (advanced in place). */
export function boxMullerJs(out: Float32Array, blocks: number, st: Int32Array): void {
  for (let b = 0; b < blocks; b++) {
    for (let j = 0; j < LANES; j++) {
      const w1 = next(st, j);
      const w2 = next(st, j);
      const u1 = f(f(f(w1) + 0.5) * TWO_POW_M32);
      const u2 = f(f(w2) * TWO_POW_M32);
      const r = f(Math.sqrt(f(logf(u1) * -2)));
      const q = f(u2 * 4);
      const nf = nearest(q);
      const phi = f(f(q - nf) * f(HALF_PI));
      const z = f(phi * phi);
      const s = f(f(f(horner(SIN_P, z) * z) * phi) + phi);
      const c = f(f(f(f(horner(COS_P, z) * z) * z) + f(z * -0.5)) + 1);
      // Rotate (cos φ, sin φ) by n quarter turns: swap on odd n, signs from n.
      const n = nf | 0;
      const [a, bb] = n & 1 ? [s, c] : [c, s];
      out[8 * b + j] = f(r * ((n + 1) & 2 ? -a : a));
      out[8 * b + 4 + j] = f(r * (n & 2 ? -bb : bb));
    }
  }
}
