import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../nodes';
import { GRAPH_FORMAT, type GraphFile } from '../engine/format';
import { graphCacheKeys } from './cache-keys';
import { exportFileName, exportGraphFile } from './export';
import { importGraphFile } from './import';
import { base64ToBytes, base64UrlToBytes, bytesToBase64, bytesToBase64Url } from './base64';

const registry = createRegistry();

function graph(): GraphFile {
  return {
    format: GRAPH_FORMAT,
    version: 1,
    name: 'Toy',
    description: 'two nodes',
    seed: 3,
    nodes: [
      { id: 'data', type: 'data/toy2d', typeVersion: 1, params: { name: 'moons' }, position: { x: 0, y: 0 }, label: 'Data' },
      { id: 'sample', type: 'data/sample', typeVersion: 1, params: { seed: 2, n: 50 }, position: { x: 250, y: -10 } },
    ],
    edges: [{ id: 'e', source: 'data', sourcePort: 'dist', target: 'sample', targetPort: 'dist' }],
    assertions: [{ node: 'sample', port: 'x', lt: 1, claim: 'c' }],
  };
}

/** The same value with every object's keys in reverse order. */
function reversedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversedKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversedKeys(x)]));
  return v;
}

describe('exportGraphFile', () => {
  it('writes keys in the format schema order, params sorted, 2-space indent and a final newline', () => {
    const text = exportGraphFile(reversedKeys(graph()) as GraphFile);
    const value = JSON.parse(text);
    expect(Object.keys(value)).toEqual(['format', 'version', 'name', 'description', 'seed', 'nodes', 'edges', 'assertions']);
    expect(Object.keys(value.nodes[0])).toEqual(['id', 'type', 'typeVersion', 'params', 'position', 'label']);
    expect(Object.keys(value.nodes[1].params)).toEqual(['n', 'seed']);
    expect(Object.keys(value.nodes[1].position)).toEqual(['x', 'y']);
    expect(Object.keys(value.edges[0])).toEqual(['id', 'source', 'sourcePort', 'target', 'targetPort']);
    expect(Object.keys(value.assertions[0])).toEqual(['node', 'port', 'lt', 'claim']);
    expect(text.startsWith('{\n  "format": "diffusion-graph-lab/graph",\n  "version": 1,\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(value.weights).toBeUndefined();
  });

  it('gives the same text for the same graph, whatever the key order in memory', () => {
    expect(exportGraphFile(reversedKeys(graph()) as GraphFile)).toBe(exportGraphFile(graph()));
  });

  it('keeps positions and drops undefined fields', () => {
    const g = graph();
    g.nodes[1].label = undefined;
    const value = JSON.parse(exportGraphFile(g));
    expect(value.nodes[1].position).toEqual({ x: 250, y: -10 });
    expect('label' in value.nodes[1]).toBe(false);
  });

  it('names the download after the graph', () => {
    expect(exportFileName({ name: 'DDPM on eight Gaussians' })).toBe('ddpm-on-eight-gaussians.json');
    expect(exportFileName({ name: 'Schrödinger / σ-schedule (2)' })).toBe('schrodinger-schedule-2.json');
    expect(exportFileName({ name: '∑∑' })).toBe('graph.json');
  });
});

describe('weights block', () => {
  it('round-trips trained weights bit for bit under the node cache key', () => {
    const g = graph();
    const key = graphCacheKeys(g, registry).get('sample')!;
    expect(key).toMatch(/^[0-9a-f]{14}$/);
    const w = new Float32Array(new Uint32Array([0x80000000, 0x7fc00001, 0x00000001, 0x3f800000, 0xc0490fdb, 0x7f7fffff]).buffer);
    const text = exportGraphFile(g, { weights: [{ key, node: 'sample', config: { hidden: [3] }, tensors: { w: { shape: [2, 3], data: w } } }] });
    const block = JSON.parse(text).weights;
    expect(block.encoding).toBe('float32-le-base64');
    expect(block.entries[key].tensors.w).toEqual({ shape: [2, 3], data: 'AAAAgAEAwH8BAAAAAACAP9sPScD//39/' });

    const r = importGraphFile(text, { registry });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.graph).toEqual(g);
    expect(r.weights).toHaveLength(1);
    expect(r.weights[0]).toMatchObject({ key, node: 'sample', config: { hidden: [3] } });
    expect(new Uint32Array(r.weights[0].tensors.w.data.buffer)).toEqual(new Uint32Array(w.buffer));
    expect(r.warnings).toEqual([]);
  });

  it('drops weights no node would use, with a warning', () => {
    const text = exportGraphFile(graph(), { weights: [{ key: 'ffffffffffffff', node: 'gone', config: {}, tensors: {} }] });
    const r = importGraphFile(text, { registry });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.weights).toEqual([]);
    expect(r.warnings).toMatchObject([{ code: 'stale-weights', path: ['weights', 'entries', 'ffffffffffffff'] }]);
  });
});

describe('base64', () => {
  it('agrees with Node\'s Buffer (an independent encoder) for every tail length and a large buffer', () => {
    const same = (a: Uint8Array | null, b: Uint8Array) => a !== null && Buffer.from(a).equals(Buffer.from(b));
    for (const n of [0, 1, 2, 3, 4, 5, 255, 200_003]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 7919 + 13) & 255);
      expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      expect(bytesToBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
      expect(same(base64ToBytes(bytesToBase64(bytes)), bytes)).toBe(true);
      expect(same(base64UrlToBytes(bytesToBase64Url(bytes)), bytes)).toBe(true);
    }
  });

  it('refuses characters outside the alphabet and impossible lengths', () => {
    expect(base64ToBytes('ab$=')).toBeNull();
    expect(base64ToBytes('abcde')).toBeNull();
    expect(base64UrlToBytes('ab+/')).toBeNull();
    expect(base64ToBytes('ab\u00e9c')).toBeNull();
  });
});
