import type { OutputSummary } from '../../engine/api';
import { formatValue } from '../draw/images';

/**
 * What a metric's number means, in words, where the number alone misleads: an SW or MMD²
 * reads against the data-to-data floor its node computes at the same n (the `floor` output);
 * an unbiased MMD² below zero is not an error but "indistinguishable at this n".
 */

/** Node types whose `value` output has a `floor` output beside it (nodes/lib/metric-floor.ts). */
const FLOORED = new Set(['metric/sliced-wasserstein', 'metric/mmd']);

/** The sentence for a value; undefined when there is nothing to say. */
export function valueNote(type: string, port: string, value: number, params: Record<string, unknown> = {}, floor?: number): string | undefined {
  const unbiased = params.unbiased !== false;
  if (type === 'metric/mmd' && port === 'value') {
    const scale = floor === undefined ? '' : unbiased ? ` Two samples of the data itself give MMD² within about ±${formatValue(floor)} at these sizes (the floor): a value inside that band is no detectable difference; several times it is a real one.` : ` Two samples of the data itself give about ${formatValue(floor)} at these sizes (the floor): read the value against it.`;
    if (value < 0 && unbiased)
      return `Below zero: the unbiased estimate of MMD² (a U-statistic, which drops the k(x, x) terms) scatters around its true value, and a true MMD² of 0 (same distribution) gives negative estimates half the time. Read it as "no difference detectable at this n".${scale}`;
    return `MMD²: 0 when the two samples come from the same distribution.${scale || ' Compare with the MMD² of two data draws of the same size (the floor).'}`;
  }
  if (type === 'metric/sliced-wasserstein' && port === 'value') {
    const base = 'Sliced Wasserstein: never 0 for two finite samples, even of the same distribution.';
    if (floor === undefined || !(floor > 0)) return `${base} Read it against the floor, the SW between two data draws of the same n.`;
    return `${base} Two draws of the data itself give ${formatValue(floor)} at these sizes (the floor); this value is ${(value / floor).toFixed(1)}× that. Near 1× the samples are as close to the data as fresh data would be; 2× or more is a visible difference.`;
  }
  if (FLOORED.has(type) && port === 'floor') return 'The data-to-data floor: what this metric gives for two samples of the reference’s own distribution at the sizes compared (from halves of the reference, rescaled to these sizes).';
  return undefined;
}

export interface ValueRow {
  port: string;
  value: number;
  /** The floor shown beside a metric's value (its own row is folded into this one). */
  floor?: number;
  /** Mark "≈ 0": an unbiased MMD² below zero, or within its floor's band. */
  nearZero: boolean;
  note?: string;
}

/** A node's scalar outputs as rows: a metric's floor beside its value, with the sentence of meaning. */
export function valueRows(type: string, outputs: readonly OutputSummary[], params: Record<string, unknown> = {}): ValueRow[] {
  const floored = FLOORED.has(type);
  const floor = floored ? outputs.find((o) => o.port === 'floor')?.value : undefined;
  return outputs
    .filter((o) => o.value !== undefined && !(floored && o.port === 'floor' && outputs.some((v) => v.port === 'value')))
    .map((o) => {
      const value = o.value!;
      const isValue = floored && o.port === 'value';
      const mmdZero = type === 'metric/mmd' && isValue && params.unbiased !== false && (value < 0 || (floor !== undefined && value < floor));
      return { port: o.port, value, floor: isValue ? floor : undefined, nearZero: mmdZero, note: valueNote(type, o.port, value, params, isValue ? floor : undefined) };
    });
}
