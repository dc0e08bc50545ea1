/**
 * What a metric's number means, in words, where the number alone misleads: an unbiased MMD²
 * below zero is not an error but "indistinguishable at this n"; an SW reads against the
 * data's own floor. Keyed by node type and output port; undefined when there is nothing to say.
 */
export function valueNote(type: string, port: string, value: number, params: Record<string, unknown> = {}): string | undefined {
  if (type === 'metric/mmd' && port === 'value') {
    if (value < 0 && params.unbiased !== false)
      return 'Below zero: the unbiased estimate of MMD² (a U-statistic, which drops the k(x, x) terms) scatters around its true value, and a true MMD² of 0 (same distribution) gives negative estimates half the time. Read it as "no difference detectable at this n".';
    return 'MMD²: 0 when the two samples come from the same distribution; compare with the MMD² of two data draws of the same size (the floor).';
  }
  if (type === 'metric/sliced-wasserstein' && port === 'value')
    return 'Sliced Wasserstein: never 0 for two finite samples, even of the same distribution. Read it against the floor, the SW between two data draws of the same n (lessons build one).';
  return undefined;
}
