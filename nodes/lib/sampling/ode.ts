import * as tf from '@tensorflow/tfjs';
import type { Predictor, Readout } from '../predictor';
import type { Schedule } from '../schedule';
import { affineUpdate, combine } from './readout';

/**
 * An ODE dx/dτ = c_x(τ)·x + c_r(τ)·R(x; a(τ), s(τ)) whose right side is affine in x and one
 * reading R of the predictor. τ is t (probability-flow ODE) or σ (EDM). Steps are pure
 * functions of (predictor, x, drift, τ, h); h < 0 integrates towards the data.
 */
export interface DriftCoefficients {
  a: number;
  s: number;
  readout: Readout;
  cx: number;
  cr: number;
}
export type AffineDrift = (tau: number) => DriftCoefficients;

/** Probability-flow ODE in t: dx/dt = f(t)·x − ½ g(t)²·∇log p_t(x) (Song et al. 2021, eq. (13)). */
export function pfOdeDrift(schedule: Schedule): AffineDrift {
  return (t) => ({ a: schedule.a(t), s: schedule.s(t), readout: 'score', cx: schedule.f(t), cr: -0.5 * schedule.g2(t) });
}

/** EDM ODE in σ-time on the path a = 1, s = σ: dx/dσ = (x − x̂_0(x; σ))/σ (Karras et al. 2022, eq. (3)). */
export const edmDrift: AffineDrift = (sigma) => ({ a: 1, s: sigma, readout: 'x0', cx: 1 / sigma, cr: -1 / sigma });

/** h·(dx/dτ) + c·x at τ, as one fused update (c = 1 gives an Euler step). */
function scaledDrift(p: Predictor, x: tf.Tensor, d: DriftCoefficients, h: number, c: number): tf.Tensor {
  return affineUpdate(p, x, d.a, d.s, d.readout, c + h * d.cx, h * d.cr);
}

/** Euler: x + h·v(τ, x). One evaluation. */
export function eulerStep(p: Predictor, x: tf.Tensor, drift: AffineDrift, tau: number, h: number): tf.Tensor {
  return scaledDrift(p, x, drift(tau), h, 1);
}

/**
 * Heun (explicit trapezoid): x̃ = x + h·v(τ, x), x_new = x + ½h·(v(τ, x) + v(τ+h, x̃))
 * = ½x + ½x̃ + ½h·v(τ+h, x̃). Two evaluations.
 */
export function heunStep(p: Predictor, x: tf.Tensor, drift: AffineDrift, tau: number, h: number): tf.Tensor {
  return tf.tidy(() => {
    const xe = eulerStep(p, x, drift, tau, h);
    return combine([
      [x, 0.5],
      [scaledDrift(p, xe, drift(tau + h), 0.5 * h, 0.5), 1],
    ]);
  });
}

/** Classical fourth-order Runge–Kutta. Four evaluations. */
export function rk4Step(p: Predictor, x: tf.Tensor, drift: AffineDrift, tau: number, h: number): tf.Tensor {
  return tf.tidy(() => {
    // k_i here are h·v at the stage points.
    const k1 = scaledDrift(p, x, drift(tau), h, 0);
    const k2 = scaledDrift(p, combine([[x, 1], [k1, 0.5]]), drift(tau + h / 2), h, 0);
    const k3 = scaledDrift(p, combine([[x, 1], [k2, 0.5]]), drift(tau + h / 2), h, 0);
    const k4 = scaledDrift(p, tf.add(x, k3), drift(tau + h), h, 0);
    return combine([
      [x, 1],
      [k1, 1 / 6],
      [k2, 1 / 3],
      [k3, 1 / 3],
      [k4, 1 / 6],
    ]);
  });
}

export type FixedStepMethod = 'euler' | 'heun' | 'rk4';

export const FIXED_STEPS: Record<FixedStepMethod, typeof eulerStep> = { euler: eulerStep, heun: heunStep, rk4: rk4Step };
