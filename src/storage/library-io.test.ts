import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { createRegistry } from '../../nodes';
import { listExamples } from '../sharing/examples';
import { graphCacheKeys } from '../sharing/cache-keys';
import { encodeShareLink } from '../sharing/share-link';
import { exportWithWeights, importFileToLibrary, openShareLink } from './library-io';
import { sampleGraph, snapshot, testStorage, unwrap } from './test-db';

const registry = createRegistry();
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('import and export with the library', () => {
  it('exports a graph with its stored weights and imports both into another library', async () => {
    const here = testStorage();
    const graph = sampleGraph('Trained', 'has weights');
    const key = graphCacheKeys(graph, registry).get('noise')!;
    const w = new Float32Array([0.1, -0, Number.NaN, 3.4e38]);
    unwrap(await here.weights.put(key, { tensors: { w: { shape: [2, 2], data: w } }, config: { kind: 'test' } }));
    unwrap(await here.weights.put('unrelated', { tensors: {}, config: {} }));
    const text = unwrap(await exportWithWeights(here, graph, registry));
    expect(Object.keys(JSON.parse(text).weights.entries)).toEqual([key]);

    const there = testStorage();
    const imported = await importFileToLibrary(there, text, { registry });
    if (!imported.ok) throw new Error('import failed');
    expect(imported.weightsStored).toBe(1);
    expect(imported.record.file).toEqual(graph);
    const stored = unwrap(await there.weights.get(key))!;
    expect(bits(stored.tensors.w.data)).toEqual(bits(w));
    expect(stored.config).toEqual({ kind: 'test' });
  });

  it('stores nothing when saving the weights fails half way (one transaction)', async () => {
    const graph = sampleGraph('Trained');
    const key = graphCacheKeys(graph, registry).get('noise')!;
    const source = testStorage();
    unwrap(await source.weights.put(key, { tensors: { w: { shape: [1], data: new Float32Array([1]) } }, config: {} }));
    const text = unwrap(await exportWithWeights(source, graph, registry));

    const s = testStorage();
    unwrap(await s.graphs.create(sampleGraph('already here')));
    const before = await snapshot(s);
    const put = vi.spyOn(s.db.weights, 'put').mockImplementation((() => Promise.reject(new DOMException('full', 'QuotaExceededError'))) as never);
    const r = await importFileToLibrary(s, text, { registry });
    put.mockRestore();
    expect(r.ok).toBe(false);
    expect('error' in r && r.error.kind).toBe('quota');
    expect(await snapshot(s)).toEqual(before);
  });

  it('opens a share link as a new graph', async () => {
    const s = testStorage();
    const existing = unwrap(await s.graphs.create(sampleGraph('Shared')));
    const link = await encodeShareLink(sampleGraph('Shared', 'from a friend'));
    if (!link.ok) throw new Error('no link');
    const r = await openShareLink(s, link.hash, { registry });
    if (!r.ok) throw new Error('open failed');
    expect(r.record.id).not.toBe(existing.id);
    expect(r.record).toMatchObject({ name: 'Shared (2)', description: 'from a friend' });
    expect(unwrap(await s.graphs.get(existing.id))).toEqual(existing);
  });
});

describe('examples gallery', () => {
  it('lists every graph in graphs/ with name and description; opening one makes a private copy', async () => {
    const examples = listExamples();
    expect(examples.length).toBeGreaterThanOrEqual(6);
    const ddpm = examples.find((e) => e.id === 'ddpm-8gaussians.json')!;
    expect(ddpm).toMatchObject({ name: 'DDPM on eight Gaussians', nodeCount: 11 });
    expect(ddpm.description).toMatch(/DDPM ancestral sampling/);
    const s = testStorage();
    const a = await importFileToLibrary(s, ddpm.text, { registry });
    const b = await importFileToLibrary(s, ddpm.text, { registry });
    if (!a.ok || !b.ok) throw new Error('open failed');
    expect([a.record.name, b.record.name]).toEqual(['DDPM on eight Gaussians', 'DDPM on eight Gaussians (2)']);
  });
});
