import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { RunContext } from '../../src/engine/context';
import { defineNode, type AnyNodeDef } from '../../src/engine/node';
import { samplerEstimate } from '../lib/estimates';
import { fittedOrder, nfeLadder } from '../lib/sampling/convergence';
import { samplerInputs } from '../lib/sampling/inputs';
import dpmSolver from '../sampler/dpm-solver';
import pfOde from '../sampler/pf-ode';

/** Each solver: the sampler that runs it, its params at a number of steps, and its evaluations per step. */
const SOLVERS = {
  euler: { def: pfOde, perStep: 1, params: (steps: number) => ({ method: 'euler', steps }) },
  heun: { def: pfOde, perStep: 2, params: (steps: number) => ({ method: 'heun', steps }) },
  'dpm-solver++(2M)': { def: dpmSolver, perStep: 1, params: (steps: number) => ({ order: 2, steps, lowerOrderFinal: false }) },
  'dpm-solver++(3M)': { def: dpmSolver, perStep: 1, params: (steps: number) => ({ order: 3, steps, lowerOrderFinal: false }) },
  'dpm-solver-2 (singlestep)': { def: dpmSolver, perStep: 2, params: (steps: number) => ({ order: 2, method: 'singlestep', steps }) },
  'dpm-solver-3 (singlestep)': { def: dpmSolver, perStep: 3, params: (steps: number) => ({ order: 3, method: 'singlestep', steps }) },
} as const;
type SolverName = keyof typeof SOLVERS;

/** x(tEnd) of one sampler run, as numbers (its tensors released). */
async function endpoint(def: AnyNodeDef, inputs: Record<string, unknown>, params: Record<string, unknown>, ctx: RunContext): Promise<Float32Array> {
  const out = await def.run(inputs as never, def.params.parse(params), ctx);
  try {
    return (await (out.x0 as tf.Tensor).data()) as Float32Array;
  } finally {
    tf.dispose([out.x0 as tf.Tensor, (out.trajectory as { frames: tf.Tensor }).frames]);
  }
}

export default defineNode({
  type: 'metric/ode-convergence',
  version: 1,
  title: 'ODE solver convergence order',
  category: 'metric',
  inputs: {
    predictor: { type: 'predictor', doc: 'the model (the exact mixture score shows the orders cleanly)' },
    schedule: { type: 'schedule', doc: 'the path whose probability-flow ODE is solved' },
    xT: { type: 'tensor', doc: 'the starting points x_T, the same for every run' },
  },
  outputs: {
    error: { type: 'series', doc: 'RMS error of x(tEnd) against the reference, per NFE (plot it log-log)' },
    order: { type: 'number', doc: 'fitted order p of error ∝ NFE^(−p)' },
  },
  params: z.object({
    solver: z.enum(Object.keys(SOLVERS) as [SolverName, ...SolverName[]]).default('heun').describe('the fixed-step solver measured'),
    nfeMin: z.number().int().min(2).max(2000).default(48).describe('fewest evaluations tried'),
    nfeMax: z.number().int().min(2).max(2000).default(192).describe('most evaluations tried'),
    points: z.number().int().min(2).max(8).default(3).describe('NFE budgets, evenly spaced in log'),
    tEnd: z.number().min(1e-4).max(0.5).default(0.01).describe('where every run stops (the reference too)'),
    tolerance: z.number().min(1e-10).max(1e-3).default(1e-8).describe('rtol = atol of the adaptive Dormand–Prince reference'),
  }),
  mainParams: ['solver'],
  docs: {
    summary: 'Measures a solver’s order: runs it from the same x_T at several numbers of evaluations and fits log(error) against log(NFE), the error taken against a tight-tolerance adaptive solution of the same ODE.',
    equation: String.raw`e(\mathrm{NFE}) = \sqrt{\tfrac{1}{nd}\textstyle\sum (x_{\mathrm{NFE}}(t_{\mathrm{end}}) - x_{\mathrm{ref}}(t_{\mathrm{end}}))^2} \approx C\,\mathrm{NFE}^{-p}`,
    reference: 'Hairer, Nørsett & Wanner, Solving ODEs I, §II.1 (order of a method); Lu et al. 2022a §3.3, Table 1 (DPM-Solver orders); Karras et al. 2022 §3 (Heun)',
    notes: [
      'The reference is sampler/pf-ode with rk45 at rtol = atol = tolerance (about 200 evaluations on 8gaussians). Euler is order 1, Heun and DPM-Solver-2 order 2, DPM-Solver-3 order 3 — in the range where the first (large) steps no longer dominate and the error stays well above float32 round-off (~1e-6): with the exact 8gaussians score on the VP path, NFE 48–192 (96–384 for singlestep-3).',
      'The series is named with the fitted order; plot it with view/series, logX and logY on.',
    ].join('\n\n'),
  },
  // The ladder's runs plus the adaptive reference (~250 evaluations at 1e-8 on 8gaussians).
  estimate: samplerEstimate((p: { solver: SolverName; nfeMin: number; nfeMax: number; points: number }) =>
    250 + nfeLadder(p.nfeMin, Math.max(p.nfeMin, p.nfeMax), p.points, SOLVERS[p.solver].perStep).reduce((a, b) => a + b, 0),
  ),
  run: async (inputs, p, ctx) => {
    samplerInputs(inputs); // xT is a batch [N, …] (the port guards checked the kinds)
    const solver = SOLVERS[p.solver];
    const ladder = nfeLadder(p.nfeMin, Math.max(p.nfeMin, p.nfeMax), p.points, solver.perStep);
    const sub: RunContext = { ...ctx, progress: () => undefined };
    const reference = await endpoint(pfOde, inputs, { method: 'rk45', rtol: p.tolerance, atol: p.tolerance, tEnd: p.tEnd }, sub);
    const errors: number[] = [];
    for (const [k, nfe] of ladder.entries()) {
      const x = await endpoint(solver.def, inputs, { ...solver.params(nfe / solver.perStep), tEnd: p.tEnd }, sub);
      errors.push(Math.sqrt(x.reduce((acc, v, i) => acc + (v - reference[i]) ** 2, 0) / x.length));
      ctx.progress((k + 1) / ladder.length);
    }
    const order = fittedOrder(ladder.map((n, i) => [n, errors[i]] as const));
    return { error: { name: `${p.solver}: order ≈ ${order.toFixed(2)}`, xLabel: 'NFE', yLabel: 'RMS error', x: ladder, y: errors }, order };
  },
});
