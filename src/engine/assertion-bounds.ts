import type { Assertion } from './format';

/**
 * The bounds of an assertion that `value` breaks, each as written in reports ("< 0.15",
 * "≈ 100 ± 0.5"); empty when it holds. No tfjs: the editor's checklist uses it on the
 * scalars a run returns, the engine (assertions.ts) on the node outputs.
 */
export function brokenBounds(a: Assertion, value: number): string[] {
  const failed: string[] = [];
  if (a.lt !== undefined && !(value < a.lt)) failed.push(`< ${a.lt}`);
  if (a.le !== undefined && !(value <= a.le)) failed.push(`≤ ${a.le}`);
  if (a.gt !== undefined && !(value > a.gt)) failed.push(`> ${a.gt}`);
  if (a.ge !== undefined && !(value >= a.ge)) failed.push(`≥ ${a.ge}`);
  if (a.approx !== undefined && !(Math.abs(value - a.approx) <= (a.tol ?? 0))) failed.push(`≈ ${a.approx} ± ${a.tol}`);
  return failed;
}

/** Every bound of an assertion as one line: "> 0.22 and < 0.6", "≈ 100 ± 0.5" (numbers written by `num`). */
export function boundsText(a: Assertion, num: (v: number) => string = String): string {
  const parts: string[] = [];
  if (a.gt !== undefined) parts.push(`> ${num(a.gt)}`);
  if (a.ge !== undefined) parts.push(`≥ ${num(a.ge)}`);
  if (a.lt !== undefined) parts.push(`< ${num(a.lt)}`);
  if (a.le !== undefined) parts.push(`≤ ${num(a.le)}`);
  if (a.approx !== undefined) parts.push(`≈ ${num(a.approx)} ± ${num(a.tol ?? 0)}`);
  return parts.join(' and ');
}
