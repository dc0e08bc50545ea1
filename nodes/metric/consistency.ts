import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import { measuredEntries } from '../lib/operators/measure';
import { batchInput } from '../lib/sampling/inputs';
import { posteriorInputs } from '../lib/sampling/posterior-inputs';

export default defineNode({
  type: 'metric/consistency',
  version: 1,
  title: 'Measurement consistency',
  category: 'metric',
  inputs: {
    x: { type: 'tensor', doc: 'restored samples x̂ [N, …A’s input shape]' },
    operator: { type: 'operator', doc: 'the measurement operator A (with σ_y)' },
    y: { type: 'tensor', doc: 'the measurements y [1 or N, …A’s output shape]' },
  },
  outputs: {
    rms: { type: 'number', doc: 'mean over the samples of the RMS of A x̂ − y over the measured entries' },
    max: { type: 'number', doc: 'the largest per-sample RMS' },
    ratio: { type: 'number', doc: 'rms / σ_y: about 1 when x̂ fits y as the truth does, ≪ 1 when it over-fits the noise, ≫ 1 when it ignores y' },
  },
  params: z.object({}),
  docs: {
    summary: 'Whether restored samples agree with their measurement: the RMS of the residual A x̂ − y per sample, over the entries A measures, beside the noise level σ_y that the true x would show.',
    equation: String.raw`\mathrm{RMS}_i = \sqrt{\tfrac{1}{r}\,\lVert A\hat x_i - y_i\rVert^2},\qquad r = \operatorname{rank} A,\qquad \mathbb{E}\,\mathrm{RMS}^2 = \sigma_y^2 \ \text{ for } \hat x = x`,
    reference: 'Chung et al. 2023 (DPS: measurement consistency ‖y − A x̂₀‖); Kawar et al. 2022 (DDRM)',
    notes: 'The residual is averaged over r entries: the number of non-zero singular values when the operator has an SVD (for an inpainting mask, the observed pixels: hidden entries of y are 0 and A x̂ is 0 there too), else the size of one y. The true images give RMS ≈ σ_y (the measurement noise itself); a sampler that reproduces y exactly gives 0.',
  },
  run: async (inputs) => {
    const x = batchInput(inputs.x, 'x');
    const meas = posteriorInputs(inputs, x, 'x');
    if (!meas) throw new NodeRunError('operator: connect the operator and y of the measurement', 'operator');
    const r = measuredEntries(meas.op);
    const sq = tf.tidy(() => tf.sum(tf.reshape(tf.square(tf.sub(meas.op.apply(x), meas.y)), [x.shape[0], -1]), 1));
    meas.y.dispose();
    const rms = Array.from(await sq.data()).map((v) => Math.sqrt(v / r));
    sq.dispose();
    const mean = rms.reduce((a, v) => a + v, 0) / rms.length;
    return { rms: mean, max: Math.max(...rms), ratio: mean / meas.op.sigmaY };
  },
});
