import { describe, expect, it } from 'vitest';
import type { OutputSummary } from '../../engine/api';
import { checklist, tally } from './checklist';

const num = (port: string, value: number): OutputSummary => ({ port, type: 'number', value });
const assertions = [
  { node: 'floor', port: 'value', lt: 0.15 },
  { node: 'swd', port: 'value', lt: 0.2 },
  { node: 'nfe', port: 'value', approx: 20, tol: 0.5 },
  { node: 'later', port: 'value', gt: 0 },
];

describe('the checklist of a graph', () => {
  it('judges each assertion on its value: pass, fail, not run', () => {
    const rows = checklist(assertions, { floor: [num('value', 0.06)], swd: [num('value', 0.31)], nfe: [num('value', 20)] }, { floor: { status: 'done' }, swd: { status: 'done' }, nfe: { status: 'cached' } });
    expect(rows.map((r) => r.state)).toEqual(['pass', 'fail', 'pass', 'not-run']);
    expect(rows[1]).toMatchObject({ value: 0.31, bounds: '< 0.2' });
    expect(rows[3].reason).toBe('not run yet');
    expect(tally(rows)).toEqual({ pass: 2, fail: 1, 'not-run': 1, stale: 0 });
  });

  it('marks values of edited nodes stale, and nodes a Stop skipped or that failed as not run', () => {
    const rows = checklist(assertions, { floor: [num('value', 0.06)], swd: [num('value', 0.1)] }, { swd: { status: 'error', message: 'x' }, nfe: { status: 'skipped' } });
    expect(rows.map((r) => r.state)).toEqual(['stale', 'not-run', 'not-run', 'not-run']);
    expect(rows[1].reason).toBe("node 'swd' failed");
    expect(rows[2].reason).toBe('the run stopped before this node');
  });
});
