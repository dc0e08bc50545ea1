import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import type { OperatorSvd } from '../../src/engine/values';
import { samplerEstimate } from '../lib/estimates';
import { readAs } from '../lib/predictor';
import { noiseLike } from '../lib/sampling/chain';
import { ddimIndices } from '../lib/sampling/grids';
import { batchInput, seedParam, vpChain } from '../lib/sampling/inputs';
import { posteriorInputs, posteriorPorts, requireSvd, type Measurement } from '../lib/sampling/posterior-inputs';
import migrate from './pigdm.migrate';
import { runAsyncSteps, x0AndGradient } from '../lib/sampling/posterior-steps';
import { ddimSigma } from '../lib/sampling/updates';

/**
 * −log p̂(y | x_t) up to a constant, per ΠGDM's Gaussian p(x_0 | x_t) ≈ N(x̂_0, r² I):
 *   ½ (y − A x̂_0)ᵀ (r² AAᵀ + σ_y² I)⁻¹ (y − A x̂_0) = ½ Σ_j q_j² / (r² σ_j² + σ_y²),
 * q = Uᵀy − S Vᵀx̂_0 over the m measured directions (directions with σ_j = 0 and σ_y = 0 carry no
 * information about x and are left out).
 */
function pigdmLoss(svd: OperatorSvd, m: number, r2: number, sigmaY: number, uty: tf.Tensor2D, x0: tf.Tensor): tf.Scalar {
  const w = Float32Array.from(svd.singular.subarray(0, m), (sj) => (sj > 0 ? 1 / (r2 * sj * sj + sigmaY * sigmaY) : 0));
  const s = svd.singular.subarray(0, m);
  const c = tf.slice(svd.vt(x0), [0, 0], [x0.shape[0], m]);
  const q = tf.sub(uty, tf.mul(c, tf.tensor1d(s)));
  return tf.mul(tf.sum(tf.mul(tf.square(q), tf.tensor1d(w))), 0.5);
}

/** How ΠGDM weights its guidance g = ∇log p̂(y | x_t) in x̂_0 (node docs, notes). */
export type PigdmWeighting = 'paper' | 'tweedie';

/**
 * The factor c_t of x̂_0,y = x̂_0 + w·c_t·g: 'paper' √ᾱ_t·r_t² (Song et al. 2023, Algorithm 1, and
 * the reference code's √ᾱ_t·A†(y − A x̂_0) when σ_y = 0, since A† = r_t²·Aᵀ(r_t² AAᵀ)⁻¹); 'tweedie'
 * s²/a, Tweedie's E[x_0 | x_t, y] = x̂_0 + (s²/a)·∇log p(y | x_t) with the approximate likelihood.
 * On VP paths (a² + s² = 1, r² = s²) the two differ by ᾱ_t = a²: at t → T, a → 0, the Tweedie factor
 * 1/a multiplies a network's Jacobian ∂x̂_0/∂x_t = (I − s ∂ε̂/∂x)/a a second time (its errors
 * grow as 1/a²), where the paper's a cancels it.
 */
export function pigdmWeight(weighting: PigdmWeighting, a: number, s: number, r2: number): number {
  return weighting === 'paper' ? a * r2 : (s * s) / a;
}

export default defineNode({
  type: 'sampler/pigdm',
  version: 2,
  title: 'ΠGDM (pseudoinverse-guided diffusion)',
  category: 'sampler',
  ...posteriorPorts('a VP schedule with a discrete chain ᾱ_1…ᾱ_T; ΠGDM visits a DDIM sub-sequence of it'),
  params: z.object({
    steps: z.number().int().min(1).max(10_000).default(50).describe('number of DDIM steps S (at most the schedule’s T; the paper uses 100)'),
    eta: z.number().min(0).max(1).default(1).describe('η of the DDIM step: 0 deterministic, 1 the DDPM posterior variance'),
    guidance: z.number().min(0).max(100).default(1).describe('w: weight of the guidance (1: the paper’s, or with weighting tweedie the approximation’s own score)'),
    weighting: z
      .enum(['paper', 'tweedie'])
      .default('paper')
      .describe('how the guidance enters x̂₀: paper √ᾱ_t·r_t² (Algorithm 1, stable with a network), tweedie s²/a (the approximate score in Tweedie’s formula)'),
    seed: seedParam,
  }),
  migrate, // version 1 had no weighting: saved graphs migrate to tweedie, v1's guidance (pigdm.migrate.ts)
  mainParams: ['steps', 'guidance'],
  sampler: { schedule: 'vp-chain', stochastic: true },
  docs: {
    summary:
      'Pseudoinverse-guided diffusion: approximates p(x_0 | x_t) by N(x̂_0, r_t² I), which makes p(y | x_t) Gaussian with a closed-form score (a vector–Jacobian product through Tweedie’s x̂_0), and moves Tweedie’s x̂_0 along that score (weighted as the paper does) in each DDIM step. Handles σ_y > 0 through r_t² AAᵀ + σ_y² I, computed in the operator’s SVD.',
    equation: String.raw`g = \nabla_{x_t}\log \hat p(y\mid x_t) = \Big(\frac{\partial \hat x_0}{\partial x_t}\Big)^{\!\top} A^\top \big(r_t^2 AA^\top + \sigma_y^2 I\big)^{-1}\big(y - A\hat x_0\big),\quad r_t^2 = \frac{s^2}{a^2 + s^2},\qquad \hat x_{0,y} = \hat x_0 + w\,c_t\,g,\quad c_t = \sqrt{\bar\alpha_t}\,r_t^2\ \text{(paper)}\ \text{or}\ \frac{s^2}{a}\ \text{(tweedie)}`,
    reference: 'Song, Vahdat, Mardani & Kautz, "Pseudoinverse-guided diffusion models for inverse problems", ICLR 2023, eqs. (5)–(8) and Algorithm 1; Chan, "Diffusion Models for Imaging and Vision", §5',
    notes: [
      'r_t² = s²/(a² + s²) is the paper’s choice (the variance of x_0 given x_t for data of unit variance); (r² AAᵀ + σ_y² I)⁻¹ = U diag(1/(r²σ_j² + σ_y²)) Uᵀ uses the operator’s SVD.',
      'The guided x̂_0,y enters the DDIM step of sampler/ddim (η, leading spacing) with ε̂_y = (x − a·x̂_0,y)/s, as the reference code does without its `awd` option: x_{t−1} = √ᾱ_{t−1}·x̂_0,y + √(1 − ᾱ_{t−1} − σ²)·ε̂_y + σz.',
      'weighting paper (the default): c_t = √ᾱ_t·r_t², the paper’s Algorithm 1 and its reference code (which adds √ᾱ_t·(∂x̂_0/∂x_t)ᵀA†(y − A x̂_0) to x̂_0 when σ_y = 0; there A† = r_t²·Aᵀ(r_t² AAᵀ)⁻¹, so this is √ᾱ_t·r_t²·g). weighting tweedie: c_t = s²/a, Tweedie’s E[x_0 | x_t, y] = x̂_0 + (s²/a)·∇log p(y | x_t) with the approximate likelihood, i.e. the guided score ŝ + w·g. On VP paths the two differ by the factor ᾱ_t: at high noise (a → 0) the Tweedie factor 1/a meets a network Jacobian ∂x̂_0/∂x_t = (I − s·∂ε̂/∂x)/a whose errors it amplifies by 1/a² (unstable with a U-Net), while the paper’s √ᾱ_t cancels the 1/a. Version 1 of this node had only the Tweedie weighting; saved graphs migrate to weighting tweedie.',
      'One predictor evaluation and one backward pass per step, in slices of the batch. With operator and y unconnected it is DDIM with η.',
      'No step nodes (Expand): a loop/levels body receives x, the level, the predictor and the schedule, not the measurement (operator, y) that every step of this sampler reads. Its step is otherwise one guided DDIM step on the ddim grid, so a step node would fit once the loop passes a measurement to its body.',
    ].join('\n\n'),
  },
  estimate: samplerEstimate((p: { steps: number }) => 3 * p.steps),
  run: async (inputs, p, ctx) => {
    const xT = batchInput(inputs.xT, 'xT');
    const { alphaBars, T } = vpChain(inputs.schedule, 'ΠGDM');
    if (p.steps > T) throw new NodeRunError(`steps (${p.steps}) exceeds the schedule’s T = ${T}: ΠGDM visits a sub-sequence of the chain`, 'schedule');
    const meas: Measurement | null = posteriorInputs(inputs, xT);
    const svd = meas ? requireSvd(meas.op, 'ΠGDM') : null;
    const m = meas ? meas.op.outShape.reduce((acc, v) => acc * v, 1) : 0;
    const uty = meas && svd ? svd.ut(meas.y) : null;
    const idx = [...ddimIndices(T, p.steps, 'leading'), 0];
    try {
      const result = await runAsyncSteps(
        ctx,
        xT,
        p.steps,
        (k) => idx[k] / T,
        't',
        async (x, k) => {
          const [ab, abPrev] = [alphaBars[idx[k]], alphaBars[idx[k + 1]]];
          const [a, s, aPrev] = [Math.sqrt(ab), Math.sqrt(1 - ab), Math.sqrt(abPrev)];
          const sigma = ddimSigma({ alphaBar: ab, alphaBarPrev: abPrev }, p.eta);
          const dir = Math.sqrt(Math.max(1 - abPrev - sigma * sigma, 0));
          const r2 = (s * s) / (a * a + s * s);
          // ∇ of −(½ qᵀ C⁻¹ q) is the guidance g: the loss's gradient with the sign flipped below.
          const { x0, grad } =
            meas && svd && uty
              ? await x0AndGradient(inputs.predictor, x, a, s, (x0Rows, begin, size) => pigdmLoss(svd, m, r2, meas.op.sigmaY, tf.slice(uty, begin, size), x0Rows), () => ctx.checkpoint())
              : { x0: tf.tidy(() => readAs(inputs.predictor, x, a, s, 'x0')), grad: null };
          try {
            return tf.tidy(() => {
              const g = grad ? tf.mul(grad, -p.guidance) : null;
              const x0y = g ? tf.add(x0, tf.mul(g, pigdmWeight(p.weighting, a, s, r2))) : x0;
              const epsY = tf.div(tf.sub(x, tf.mul(x0y, a)), s); // ε̂_y = (x − a x̂_0,y)/s = ε̂ − (a/s)·w·c_t·g
              const terms = [tf.mul(x0y, aPrev), tf.mul(epsY, dir)];
              if (sigma > 0) terms.push(tf.mul(noiseLike(xT, ctx.seed, k), sigma));
              return tf.addN(terms);
            });
          } finally {
            tf.dispose([x0, grad ?? []].flat());
          }
        },
      );
      return { ...result, nfe: p.steps };
    } finally {
      tf.dispose([meas?.y ?? [], uty ?? []].flat());
    }
  },
});
