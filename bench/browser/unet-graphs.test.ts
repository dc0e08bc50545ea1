import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../nodes';
import { validateGraph } from '../../src/engine/validate';
import { UNET_SAMPLER, UNET_TRAIN, unetDdimGraph, unetTrainGraph } from './unet-graphs';

/** The browser benchmark's U-Net graphs stay valid as the node types change (bench:browser is not run in CI). */
describe('bench:browser U-Net graphs', () => {
  const registry = createRegistry();
  it.each([
    ['training', unetTrainGraph(64, 3, 100), UNET_TRAIN],
    ['DDIM', unetDdimGraph(64, 50), UNET_SAMPLER],
  ] as const)('%s: valid, with its target node', (_name, graph, target) => {
    const v = validateGraph(graph, registry);
    expect([...v.issues, ...[...v.nodeIssues.values()].flat()]).toEqual([]);
    expect(v.nodes.has(target)).toBe(true);
  });

  it('a new training seed is a new training node (a used one would restore from IndexedDB)', () => {
    const params = (seed: number) => unetTrainGraph(8, 1, seed).nodes.find((n) => n.id === UNET_TRAIN)!.params;
    expect(params(1)).not.toEqual(params(2));
  });
});
