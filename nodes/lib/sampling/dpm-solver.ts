import * as tf from '@tensorflow/tfjs';
import type { Predictor, Readout } from '../predictor';
import { readAs } from '../predictor';
import type { ScheduleFamily } from '../schedule';
import { affineUpdate, combine } from './readout';

/**
 * DPM-Solver (Lu et al. 2022a) and DPM-Solver++ (Lu et al. 2022b): exponential integrators of the
 * probability-flow ODE in the half log-SNR λ = log(a/s) of the path x = a·x_0 + s·ε. Written in λ
 * the ODE's linear part is solved exactly and only the model's reading M(λ) is approximated:
 *   DPM-Solver++ (M = x̂_0):  x_t = (s_t/s_u)·x_u + s_t ∫ e^{λ} x̂_0(λ) dλ
 *   DPM-Solver   (M = ε̂):    x_t = (a_t/a_u)·x_u − a_t ∫ e^{−λ} ε̂(λ) dλ
 * over λ_u → λ_t, h = λ_t − λ_u. With M(λ_u + r) = M + r·M′ + r²/2·M″ + … the integral is
 *   x_t = c_x·x_u + w_0·M + w_1·(h M′) + w_2·(h² M″) + O(h⁴)
 * with φ_1 = expm1(∓h), φ_2 = φ_1/h ± 1, φ_3 = φ_2/h − ½ (upper signs for ++):
 *   ++:    c_x = s_t/s_u,  w_0 = −a_t φ_1,  w_1 = a_t φ_2,   w_2 = −a_t φ_3
 *   noise: c_x = a_t/a_u,  w_0 = −s_t φ_1,  w_1 = −s_t φ_2,  w_2 = −s_t φ_3.
 * Solvers differ in how they estimate h M′ and h² M″: from earlier steps (multistep) or from extra
 * evaluations inside the step (singlestep). All coefficients are float64 numbers; each update is
 * one fused linear combination of tensors.
 */
export type DpmAlgorithm = 'dpmsolver' | 'dpmsolver++';
export type DpmOrder = 1 | 2 | 3;

/** A point of the path. s = 0 is the data end (λ = +∞). */
export interface PathAB {
  a: number;
  s: number;
}

export const lambdaOf = (p: PathAB): number => Math.log(p.a) - Math.log(p.s);

/** The reading each algorithm integrates: x̂_0 for DPM-Solver++, ε̂ for DPM-Solver. */
export const readingOf = (alg: DpmAlgorithm): Readout => (alg === 'dpmsolver++' ? 'x0' : 'eps');

/** The point of a VP (a² + s² = 1), VE (a = 1) or flow (a + s = 1) path at half log-SNR λ: σ = s/a = e^{−λ}. */
export function pathAtLambda(family: ScheduleFamily, lambda: number): PathAB {
  const sigma = Math.exp(-lambda);
  if (family === 've') return { a: 1, s: sigma };
  if (family === 'flow') return { a: 1 / (1 + sigma), s: sigma / (1 + sigma) };
  const a = 1 / Math.sqrt(1 + sigma * sigma);
  return { a, s: sigma * a };
}

export interface IntegratorWeights {
  h: number;
  cx: number;
  w0: number;
  w1: number;
  w2: number;
}

export function integratorWeights(alg: DpmAlgorithm, from: PathAB, to: PathAB): IntegratorWeights {
  const h = lambdaOf(to) - lambdaOf(from);
  if (alg === 'dpmsolver++') {
    const phi1 = Math.expm1(-h);
    const phi2 = phi1 / h + 1;
    const phi3 = phi2 / h - 0.5;
    return { h, cx: to.s / from.s, w0: -to.a * phi1, w1: to.a * phi2, w2: -to.a * phi3 };
  }
  const phi1 = Math.expm1(h);
  const phi2 = phi1 / h - 1;
  const phi3 = phi2 / h - 0.5;
  return { h, cx: to.a / from.a, w0: -to.s * phi1, w1: -to.s * phi2, w2: -to.s * phi3 };
}

/**
 * The update from u to t given M at u and the derivative estimates d1 ≈ h M′ (order ≥ 2) and
 * d2 ≈ h² M″ (order 3). Order 2 uses ½·w_0·d1 in place of w_1·d1 — the same to O(h³) — as the
 * reference code's solver_type 'dpmsolver' and k-diffusion's sample_dpmpp_2m do.
 */
function integrate(x: tf.Tensor, w: IntegratorWeights, m: tf.Tensor, d1: tf.Tensor | null = null, d2: tf.Tensor | null = null): tf.Tensor {
  if (!d1) return combine([[x, w.cx], [m, w.w0]]);
  if (!d2) return combine([[x, w.cx], [m, w.w0], [d1, 0.5 * w.w0]]);
  return combine([[x, w.cx], [m, w.w0], [d1, w.w1], [d2, w.w2]]);
}

/** The last step, to s = 0 (λ = ∞): x = a_t·x̂_0(x_u), the limit of either first-order update. One evaluation. */
export function stepToData(p: Predictor, x: tf.Tensor, from: PathAB, to: PathAB): tf.Tensor {
  return affineUpdate(p, x, from.a, from.s, 'x0', 0, to.a);
}

/** The model's reading for the algorithm at a path point. */
export function modelAt(p: Predictor, alg: DpmAlgorithm, x: tf.Tensor, at: PathAB): tf.Tensor {
  return readAs(p, x, at.a, at.s, readingOf(alg));
}

/** One model value of a multistep history. */
export interface HistoryEntry {
  lambda: number;
  m: tf.Tensor;
}

/**
 * A multistep update from `from` (its model value the last entry of `history`, the earlier ones
 * before it) to `to`, of order min(order, history length). With r_0 = h_0/h, r_1 = h_1/h the
 * step sizes of the two previous steps relative to this one (Lu et al. 2022b, Algorithm 2 and
 * the reference code's multistep updates):
 *   D1_0 = (M_0 − M_1)/r_0,  D1_1 = (M_1 − M_2)/r_1,
 *   order 2: h M′ ≈ D1_0;  order 3: h M′ ≈ D1_0 + r_0/(r_0 + r_1)·(D1_0 − D1_1),  h² M″ ≈ 2(D1_0 − D1_1)/(r_0 + r_1).
 * The factor 2 makes the third-order step exact for a quadratic M(λ); the reference code
 * (dpm_solver_pytorch.py, multistep_dpm_solver_third_update) weights (D1_0 − D1_1)/(r_0 + r_1) ≈ ½h²M″
 * by w_2 alone, which integrates a quadratic with an O(h³) local error (measured order 2).
 */
export function multistepUpdate(alg: DpmAlgorithm, x: tf.Tensor, history: readonly HistoryEntry[], from: PathAB, to: PathAB, order: DpmOrder): tf.Tensor {
  const w = integratorWeights(alg, from, to);
  const k = Math.min(order, history.length);
  const n = history.length;
  const m0 = history[n - 1].m;
  if (k === 1) return integrate(x, w, m0);
  return tf.tidy(() => {
    const r0 = (history[n - 1].lambda - history[n - 2].lambda) / w.h;
    const d10 = combine([[m0, 1 / r0], [history[n - 2].m, -1 / r0]]);
    if (k === 2) return integrate(x, w, m0, d10);
    const r1 = (history[n - 2].lambda - history[n - 3].lambda) / w.h;
    const d11 = combine([[history[n - 2].m, 1 / r1], [history[n - 3].m, -1 / r1]]);
    const d1 = combine([[d10, 1 + r0 / (r0 + r1)], [d11, -r0 / (r0 + r1)]]);
    const d2 = combine([[d10, 2 / (r0 + r1)], [d11, -2 / (r0 + r1)]]);
    return integrate(x, w, m0, d1, d2);
  });
}

/**
 * A singlestep update of order 1–3 from `from` to `to`, with `order − 1` extra evaluations at
 * λ_u + r_i·h inside the step (Lu et al. 2022a, Algorithms 1 and 2 with r_1 = ½ for order 2,
 * r_1 = ⅓, r_2 = ⅔ for order 3):
 *   order 2: u_1 = first-order step to λ_u + h/2;  h M′ ≈ (M(u_1) − M)/r_1;
 *   order 3: u_1 first-order at ⅓; u_2 at ⅔ with h′M′ ≈ (r_2/r_1)(M(u_1) − M), h′ = r_2 h;
 *            x_t with h M′ ≈ (M(u_2) − M)/r_2 weighted by w_1 (third order: the ⅔ node is the
 *            Radau-like point where the missing M″ term cancels).
 * m0 is the model value at `from` (the caller's first evaluation). `family` gives the path's
 * points inside the step. order·1 evaluations in all (m0 included).
 */
export function singlestepUpdate(
  p: Predictor,
  alg: DpmAlgorithm,
  family: ScheduleFamily,
  x: tf.Tensor,
  m0: tf.Tensor,
  from: PathAB,
  to: PathAB,
  order: DpmOrder,
): tf.Tensor {
  const w = integratorWeights(alg, from, to);
  if (order === 1) return integrate(x, w, m0);
  const lu = lambdaOf(from);
  const inner = (r: number) => pathAtLambda(family, lu + r * w.h);
  return tf.tidy(() => {
    if (order === 2) {
      const r1 = 0.5;
      const u1 = inner(r1);
      const m1 = modelAt(p, alg, integrate(x, integratorWeights(alg, from, u1), m0), u1);
      return integrate(x, w, m0, combine([[m1, 1 / r1], [m0, -1 / r1]]));
    }
    const [r1, r2] = [1 / 3, 2 / 3];
    const u1 = inner(r1);
    const u2 = inner(r2);
    const m1 = modelAt(p, alg, integrate(x, integratorWeights(alg, from, u1), m0), u1);
    const w2 = integratorWeights(alg, from, u2);
    const x2 = combine([[x, w2.cx], [m0, w2.w0], [m1, (w2.w1 * r2) / r1], [m0, (-w2.w1 * r2) / r1]]);
    const m2 = modelAt(p, alg, x2, u2);
    return combine([[x, w.cx], [m0, w.w0 - w.w1 / r2], [m2, w.w1 / r2]]);
  });
}
