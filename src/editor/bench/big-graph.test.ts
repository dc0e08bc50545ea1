import { describe, expect, it } from 'vitest';
import { validateGraph } from '../../engine/validate';
import { registry } from '../registry';
import { bigGraph } from './big-graph';

describe('bigGraph', () => {
  it('is a valid graph of 5 nodes per chain', () => {
    const g = bigGraph(60);
    expect(g.nodes).toHaveLength(300);
    const v = validateGraph(g, registry);
    expect(v.issues).toEqual([]);
    expect([...v.nodeIssues.values()].flat()).toEqual([]);
  });
});
