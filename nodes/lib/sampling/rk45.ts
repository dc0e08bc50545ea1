import * as tf from '@tensorflow/tfjs';
import { NodeRunError } from '../../../src/engine/context';
import { interruptibleStep } from '../nn/interruptible';
import type { Predictor } from '../predictor';
import type { AffineDrift } from './ode';
import { affineUpdate, combine } from './readout';

/**
 * Adaptive Dormand–Prince 5(4) (Dormand & Prince 1980), the RK45 of scipy's solve_ivp that
 * Song et al. 2021 use for the probability-flow ODE: FSAL, error ‖h·Σ E_i k_i‖ measured as
 * the RMS of err/(atol + rtol·max(|x|, |x_new|)), step factor 0.9·‖err‖^(−1/5) within [0.2, 10].
 * The accept/reject decision needs one scalar read back per step: unavoidable for an adaptive method.
 * Each attempt's six network calls run in interruptibleStep (nn/interruptible.ts): with a U-Net,
 * whose call on a batch of digits takes seconds on WASM, a cancel lands within one slice of a
 * call instead of after the whole attempt.
 */
const C = [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1];
const A: number[][] = [
  [],
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
];
const B = [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84];
/** b − b̂: fifth- minus fourth-order weights, the seventh for the FSAL stage. */
const E = [71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40];
const SAFETY = 0.9;
const MIN_FACTOR = 0.2;
const MAX_FACTOR = 10;

/** Read a small tensor back and dispose it. */
async function readAndDispose(t: tf.Tensor): Promise<number[]> {
  try {
    return Array.from(await t.data());
  } finally {
    t.dispose();
  }
}

const rms = (t: tf.Tensor, scale: tf.Tensor) => tf.sqrt(tf.mean(tf.square(tf.div(t, scale))));

export class DormandPrince {
  t: number;
  /** The velocity at (t, x) for the next step (first same as last). */
  private k1: tf.Tensor | null = null;
  private h = 0;
  private attempts = 0;
  private readonly dir: number;

  constructor(
    private readonly p: Predictor,
    private readonly drift: AffineDrift,
    t0: number,
    private readonly tEnd: number,
    private readonly rtol: number,
    private readonly atol: number,
    private readonly maxAttempts: number,
    /** Awaited between slices of long network calls (the run's cancel checkpoint). */
    private readonly checkpoint: () => Promise<void> = async () => {},
  ) {
    this.t = t0;
    this.dir = Math.sign(tEnd - t0);
  }

  get done(): boolean {
    return this.dir * (this.tEnd - this.t) <= 0;
  }

  private velocity(tau: number, x: tf.Tensor): tf.Tensor {
    const d = this.drift(tau);
    return affineUpdate(this.p, x, d.a, d.s, d.readout, d.cx, d.cr);
  }

  /** The first velocity and the initial step (scipy's select_initial_step, Hairer et al. II.4). */
  async start(x: tf.Tensor): Promise<void> {
    this.k1 = await interruptibleStep(this.checkpoint, () => this.velocity(this.t, x));
    const f0 = this.k1;
    const scale = tf.tidy(() => tf.add(tf.mul(tf.abs(x), this.rtol), this.atol));
    try {
      const [d0, d1] = await readAndDispose(tf.tidy(() => tf.stack([rms(x, scale), rms(f0, scale)])));
      const span = Math.abs(this.tEnd - this.t);
      const h0 = Math.min(d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1, span);
      const [d2] = await readAndDispose(
        await interruptibleStep(this.checkpoint, () => {
          const x1 = combine([[x, 1], [f0, this.dir * h0]]);
          return tf.div(rms(tf.sub(this.velocity(this.t + this.dir * h0, x1), f0), scale), h0);
        }),
      );
      const h1 = Math.max(d1, d2) <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : (0.01 / Math.max(d1, d2)) ** (1 / 5);
      this.h = Math.min(100 * h0, h1, span);
    } finally {
      scale.dispose();
    }
  }

  /** One accepted step from (t, x), retrying rejected ones; returns the new state (x is not disposed). */
  async step(x: tf.Tensor): Promise<tf.Tensor> {
    if (!this.k1) throw new Error('DormandPrince.step before start');
    let rejected = false;
    for (;;) {
      if (++this.attempts > this.maxAttempts)
        throw new NodeRunError(`rk45 needed more than ${this.maxAttempts} steps to reach t = ${this.tEnd}: loosen rtol/atol or use a fixed-step method`);
      const remaining = Math.abs(this.tEnd - this.t);
      const last = this.h >= remaining;
      const h = this.dir * Math.min(this.h, remaining);
      if (Math.abs(h) < 10 * Number.EPSILON * Math.max(1, Math.abs(this.t)))
        throw new NodeRunError(`rk45 step size underflow at t = ${this.t}: the ODE is too stiff for rtol/atol`);
      const k1 = this.k1;
      const [xNew, k7, norm] = await interruptibleStep(this.checkpoint, () => {
        const k: tf.Tensor[] = [k1];
        for (let i = 1; i < 6; i++) {
          const xi = combine([[x, 1], ...A[i].map((aij, j) => [k[j], h * aij] as const)]);
          k.push(this.velocity(this.t + C[i] * h, xi));
        }
        const xn = combine([[x, 1], ...B.map((b, j) => [k[j], h * b] as const)]);
        const k7t = this.velocity(this.t + h, xn);
        const err = combine([...k, k7t].map((kj, j) => [kj, h * E[j]] as const));
        const scale = tf.add(tf.mul(tf.maximum(tf.abs(x), tf.abs(xn)), this.rtol), this.atol);
        return [xn, k7t, rms(err, scale)];
      });
      const [e] = await readAndDispose(norm);
      if (e <= 1) {
        let factor = e === 0 ? MAX_FACTOR : Math.min(MAX_FACTOR, SAFETY * e ** -0.2);
        if (rejected) factor = Math.min(1, factor);
        this.t = last ? this.tEnd : this.t + h;
        this.h = Math.abs(h) * factor;
        k1.dispose();
        this.k1 = k7;
        return xNew;
      }
      tf.dispose([xNew, k7]);
      rejected = true;
      this.h = Math.abs(h) * Math.max(MIN_FACTOR, Number.isFinite(e) ? SAFETY * e ** -0.2 : MIN_FACTOR);
    }
  }

  dispose(): void {
    this.k1?.dispose();
    this.k1 = null;
  }
}
