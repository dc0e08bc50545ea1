import type { InputShapes, WorkEstimate } from '../../src/engine/estimate';

/**
 * Helpers to declare a node's `estimate` (src/engine/estimate.ts) in one line. The
 * constants are rough on purpose: the bounds they are judged against are 100× apart.
 */

/** Flops per coordinate of one predictor evaluation when the predictor is not known before the run (measured on WASM: Langevin with an exact mixture score ~150, predictor–corrector with a network ~7000; within ~7× of both). */
export const PREDICTOR_FLOPS_PER_COORD = 1000;
/** Snapshots a sampler keeps in its trajectory (chain.ts), plus the state, the noise and the update. */
const SAMPLER_COPIES = 20 + 4;

const product = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

/** Batch size and size of one sample of a tensor shape [N, …]; unknown before the run: one sample of one coordinate. */
export function batchOf(shape: readonly number[] | undefined): { n: number; size: number } {
  if (!shape?.length) return { n: 1, size: 1 };
  return { n: shape[0], size: product(shape.slice(1)) };
}

/** A node that creates a float32 tensor of this shape with a few flops per element (noise, data). */
export function tensorEstimate(shape: number[], port: string, flopsPerElement = 10): WorkEstimate {
  const size = product(shape);
  return { flops: size * flopsPerElement, bytes: 4 * size, outputs: { [port]: shape } };
}

/**
 * A sampler: `passes(params, levels)` predictor evaluations of the whole batch xT
 * (`levels` is the schedule's number of levels when connected). x0 keeps xT's shape.
 */
export function samplerEstimate<P>(passes: (params: P, levels: number | undefined) => number) {
  return (params: P, inputs: InputShapes): WorkEstimate => {
    const { n, size } = batchOf(inputs.xT);
    const evaluations = passes(params, inputs.schedule?.[0]);
    return {
      flops: evaluations * n * size * PREDICTOR_FLOPS_PER_COORD,
      bytes: 4 * n * size * SAMPLER_COPIES,
      ...(inputs.xT ? { outputs: { x0: inputs.xT } } : {}),
    };
  };
}

/** Training a network of `params` weights for `steps` steps of `batch`: forward + backward ≈ 6 flops per weight per sample. */
export function trainingEstimate(steps: number, batch: number, weights: number, dataBytes = 0): WorkEstimate {
  return { flops: 6 * steps * batch * weights, bytes: 4 * weights * 4 + dataBytes };
}

/** A schedule of `levels` levels: its size [levels] lets a sampler downstream count its passes before the run (shapeOfValue reads a schedule as [N]). */
export function levelsEstimate(levels: number): WorkEstimate {
  return { flops: 20 * levels, bytes: 4 * 8 * levels, outputs: { schedule: [levels] } };
}
