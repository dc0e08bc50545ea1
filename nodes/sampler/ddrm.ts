import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import type { OperatorSvd } from '../../src/engine/values';
import { samplerEstimate } from '../lib/estimates';
import { readAs } from '../lib/predictor';
import { noiseLike, runSteps } from '../lib/sampling/chain';
import { ddimIndices } from '../lib/sampling/grids';
import { batchInput, seedParam, vpChain } from '../lib/sampling/inputs';
import { posteriorInputs, posteriorPorts, requireSvd } from '../lib/sampling/posterior-inputs';

/** The spectral view of no measurement: V = I (flattening), every singular value 0. */
function noSvd(shape: number[]): OperatorSvd {
  const d = shape.reduce((a, v) => a * v, 1);
  const flat = (x: tf.Tensor) => tf.reshape(x, [x.shape[0], d]) as tf.Tensor2D;
  const back = (c: tf.Tensor2D) => tf.reshape(c, [c.shape[0], ...shape]);
  return { singular: new Float32Array(d), vt: flat, v: back, ut: flat, u: back };
}

/**
 * DDRM's per-coordinate update x̄' = c_0·x̄̂_0 + c_t·x̄_t + c_y·ȳ + c_ε·ε̄ (Kawar et al. 2022, eq. (7)–(8)),
 * in the VE variable x̃ = x/a, from σ to σ' (σ' = 0 on the last step).
 */
export function ddrmCoefficients(singular: Float32Array, sigmaY: number, sigma: number, sigmaNext: number, eta: number, etaB: number) {
  const d = singular.length;
  const [c0, ct, cy, ce] = [new Float32Array(d), new Float32Array(d), new Float32Array(d), new Float32Array(d)];
  const keep = Math.sqrt(1 - eta * eta);
  for (let j = 0; j < d; j++) {
    const sj = singular[j];
    if (!(sj > 0)) {
      // Unseen direction: DDIM-like, keeping √(1−η²) of the current noise direction.
      c0[j] = 1 - (keep * sigmaNext) / sigma;
      ct[j] = (keep * sigmaNext) / sigma;
      ce[j] = eta * sigmaNext;
      continue;
    }
    const tau = sigmaY / sj; // the noise level of ȳ_j = x̄_j + (σ_y/s_j)·n
    if (sigmaNext < tau) {
      c0[j] = 1 - (keep * sigmaNext) / tau;
      cy[j] = (keep * sigmaNext) / tau;
      ce[j] = eta * sigmaNext;
    } else {
      c0[j] = 1 - etaB;
      cy[j] = etaB;
      ce[j] = Math.sqrt(Math.max(sigmaNext * sigmaNext - etaB * etaB * tau * tau, 0));
    }
  }
  return { c0, ct, cy, ce };
}

export default defineNode({
  type: 'sampler/ddrm',
  version: 1,
  title: 'DDRM (denoising diffusion restoration)',
  category: 'sampler',
  ...posteriorPorts('a VP schedule with a discrete chain ᾱ_1…ᾱ_T; DDRM visits a DDIM sub-sequence of it'),
  params: z.object({
    steps: z.number().int().min(1).max(10_000).default(20).describe('number of steps S (at most the schedule’s T)'),
    eta: z.number().min(0).max(1).default(0.85).describe('η: fresh noise in directions A does not see or sees through more noise than x_t has'),
    etaB: z.number().min(0).max(1).default(1).describe('η_b: weight of the measurement ȳ in directions where it is less noisy than x_t'),
    seed: seedParam,
  }),
  mainParams: ['steps', 'eta', 'etaB'],
  sampler: { schedule: 'vp-chain', stochastic: true },
  docs: {
    summary:
      'Denoising diffusion restoration models: works in the operator’s spectral space (x̄ = Vᵀx, ȳ = S⁺Uᵀy), where each coordinate is either unseen (DDIM-like update), seen through more noise than x_t has (mix toward ȳ), or seen through less (take ȳ plus the missing noise). No gradients: one predictor evaluation per step.',
    equation: String.raw`\bar x_{t'} = \begin{cases} \bar{\hat x}_0 + \sqrt{1-\eta^2}\,\sigma_{t'}\frac{\bar x_t - \bar{\hat x}_0}{\sigma_t} + \eta\sigma_{t'}\varepsilon & s_j = 0\\ \bar{\hat x}_0 + \sqrt{1-\eta^2}\,\sigma_{t'}\frac{\bar y - \bar{\hat x}_0}{\sigma_y/s_j} + \eta\sigma_{t'}\varepsilon & \sigma_{t'} < \sigma_y/s_j\\ (1-\eta_b)\bar{\hat x}_0 + \eta_b\bar y + \sqrt{\sigma_{t'}^2 - \eta_b^2\sigma_y^2/s_j^2}\,\varepsilon & \sigma_{t'} \ge \sigma_y/s_j\end{cases}`,
    reference: 'Kawar, Elad, Ermon & Song, "Denoising diffusion restoration models", NeurIPS 2022, eqs. (7)–(8) and App. (initialisation); Chan, "Diffusion Models for Imaging and Vision", §5',
    notes: [
      'On the VP chain x = a·x̃ with σ = s/a; the steps are the DDIM leading sub-sequence (as the official code’s skip) and end at σ = 0, where the update returns x̂_0 in unseen directions and (1−η_b)x̂_0 + η_b ȳ in seen ones.',
      'Initialisation (as the official code): with ε̄ = Vᵀx_T, x̄_T,j = ȳ_j + √(σ_T² − σ_y²/s_j²)·ε̄_j where s_jσ_T > σ_y, else σ_T ε̄_j; then x_T = a_T V x̄_T.',
      'Needs the operator’s SVD (measure/inpaint, blur, downsample, denoise give one). With operator and y unconnected every direction is unseen: the update is DDIM-like with η.',
      'No step nodes (Expand): a loop/levels body receives x, the level, the predictor and the schedule, not the measurement (operator, y) that every step of this sampler reads; and DDRM does not start from x_T itself but from ȳ and x_T mixed in A’s spectral space, which a loop’s x in does not do.',
    ].join('\n\n'),
  },
  estimate: samplerEstimate((p: { steps: number }) => p.steps),
  run: async (inputs, p, ctx) => {
    const xT = batchInput(inputs.xT, 'xT');
    const { alphaBars, T } = vpChain(inputs.schedule, 'DDRM');
    if (p.steps > T) throw new NodeRunError(`steps (${p.steps}) exceeds the schedule’s T = ${T}: DDRM visits a sub-sequence of the chain`, 'schedule');
    const meas = posteriorInputs(inputs, xT);
    const svd = meas ? requireSvd(meas.op, 'DDRM') : noSvd(xT.shape.slice(1));
    const sigmaY = meas?.op.sigmaY ?? 0;
    const idx = [...ddimIndices(T, p.steps, 'leading'), 0];
    const level = (i: number) => ({ a: Math.sqrt(alphaBars[i]), sigma: Math.sqrt(1 - alphaBars[i]) / Math.sqrt(alphaBars[i]) });
    const d = svd.singular.length;
    const N = xT.shape[0];
    // ȳ = S⁺Uᵀy padded to d coordinates (0 where A sees nothing).
    const yBar = tf.tidy(() => {
      if (!meas) return tf.zeros([N, d]) as tf.Tensor2D;
      const uty = svd.ut(meas.y);
      const m = uty.shape[1];
      const inv = Float32Array.from(svd.singular.subarray(0, m), (s) => (s > 0 ? 1 / s : 0));
      const seen = tf.mul(uty, tf.tensor1d(inv));
      return (m < d ? tf.concat([seen, tf.zeros([N, d - m])], 1) : seen) as tf.Tensor2D;
    });
    meas?.y.dispose();
    let xStart: tf.Tensor | undefined;
    try {
      const start = level(idx[0]);
      xStart = tf.tidy(() => {
        const cy = Float32Array.from(svd.singular, (s) => (s > 0 && s * start.sigma > sigmaY ? 1 : 0));
        const ce = Float32Array.from(svd.singular, (s, j) => (cy[j] ? Math.sqrt(Math.max(start.sigma ** 2 - (sigmaY / s) ** 2, 0)) : start.sigma));
        const bar = tf.add(tf.mul(yBar, tf.tensor1d(cy)), tf.mul(svd.vt(xT), tf.tensor1d(ce))) as tf.Tensor2D;
        return tf.mul(svd.v(bar), start.a);
      });
      const result = await runSteps(ctx, xStart, p.steps, (k) => idx[k] / T, 't', (x, k) => {
        const [now, next] = [level(idx[k]), idx[k + 1] === 0 ? { a: 1, sigma: 0 } : level(idx[k + 1])];
        const c = ddrmCoefficients(svd.singular, sigmaY, now.sigma, next.sigma, p.eta, p.etaB);
        const x0 = readAs(inputs.predictor, x, now.a, now.a * now.sigma, 'x0');
        const bar = tf.addN([
          tf.mul(svd.vt(x0), tf.tensor1d(c.c0)),
          tf.mul(svd.vt(tf.div(x, now.a)), tf.tensor1d(c.ct)),
          tf.mul(yBar, tf.tensor1d(c.cy)),
          tf.mul(noiseLike(yBar, ctx.seed, k), tf.tensor1d(c.ce)),
        ]) as tf.Tensor2D;
        return tf.mul(svd.v(bar), next.a);
      });
      return { ...result, nfe: p.steps };
    } finally {
      tf.dispose([yBar, xStart ?? []].flat());
    }
  },
});
