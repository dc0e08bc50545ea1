import { describe, expect, it } from 'vitest';
import { testRegistry } from './__fixtures__/test-nodes';
import { parseGraphFile } from './load';
import { paramsMigration } from './migrations';

const base = { format: 'diffusion-graph-lab/graph', version: 1, name: 'g', edges: [] };

describe('loading upgrades old node versions (the file the editor shows and export writes)', () => {
  it('migrates params and sets typeVersion to the definition’s version', () => {
    const r = parseGraphFile({ ...base, nodes: [{ id: 'c', type: 'test/constant', typeVersion: 1, params: { v: 7, n: 2 } }] }, testRegistry());
    expect(r.issues).toEqual([]);
    expect(r.graph!.nodes[0]).toMatchObject({ typeVersion: 2, params: { value: 7, n: 2 } });
    expect(r.graph!.nodes[0].params).not.toHaveProperty('v');
    expect(r.upgraded).toEqual([{ node: 'c', from: 1, to: 2 }]);
    // Loading the upgraded file again changes nothing.
    const again = parseGraphFile(JSON.parse(JSON.stringify(r.graph)), testRegistry());
    expect(again.graph!.nodes[0]).toEqual(r.graph!.nodes[0]);
    expect(again.upgraded).toBeUndefined();
  });

  it('upgrades body nodes of a loop too, naming them <loop>/<node>', () => {
    const body = { nodes: [{ id: 'k', type: 'test/constant', typeVersion: 1, params: { v: 3 } }], edges: [], inputs: {}, output: { node: 'k', port: 'x' } };
    const r = parseGraphFile({ ...base, nodes: [{ id: 'loop', type: 'test/repeat', typeVersion: 1, params: {}, body }] }, testRegistry());
    expect(r.graph!.nodes[0].body!.nodes[0]).toMatchObject({ typeVersion: 2, params: { value: 3 } });
    expect(r.upgraded).toEqual([{ node: 'loop/k', from: 1, to: 2 }]);
  });

  it('leaves a current file as it is (the same object)', () => {
    const r = parseGraphFile({ ...base, nodes: [{ id: 'c', type: 'test/constant', typeVersion: 2, params: { value: 1 } }] }, testRegistry());
    expect(r.upgraded).toBeUndefined();
    expect(r.graph!.nodes[0].typeVersion).toBe(2);
  });
});

describe('paramsMigration: named steps', () => {
  const migrate = paramsMigration([
    { from: 2, name: 'scale doubled', up: (p) => ({ ...p, scale: (p.scale as number) * 2 }) },
    { from: 1, name: 'sigma renamed scale', up: ({ sigma, ...p }) => ({ ...p, scale: sigma }) },
  ]);

  it('applies the steps from the saved version up, in order, and keeps them by name', () => {
    expect(migrate({ sigma: 3 }, 1)).toEqual({ scale: 6 });
    expect(migrate({ scale: 3 }, 2)).toEqual({ scale: 6 });
    expect(migrate({ scale: 3 }, 3)).toEqual({ scale: 3 });
    expect(migrate.steps.map((s) => s.name)).toEqual(['sigma renamed scale', 'scale doubled']);
  });

  it('never changes the params it is given', () => {
    const saved = { sigma: 3 };
    migrate(saved, 1);
    expect(saved).toEqual({ sigma: 3 });
  });

  it('refuses steps with a gap', () => {
    expect(() => paramsMigration([{ from: 2, name: 'x', up: (p) => p }])).toThrow(/step 'x' is from 2, expected 1/);
  });
});
