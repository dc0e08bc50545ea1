import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { encodeShareLink } from '../../sharing/share-link';
import { StorageError } from '../../storage/errors';
import { sampleGraph, snapshot, testStorage, unwrap } from '../../storage/test-db';
import type { LabStorage } from '../../storage/storage';
import { addNode } from '../actions/add-node';
import { defaultGraph } from '../default-graph';
import { exportGraphFile } from '../../sharing/export';
import { getGraph, replaceGraph } from '../store/graph';
import { copyShareLink } from './export';
import { importText, openSharedLink } from './import';
import { deleteStored, duplicateStored, renameStored, undoDelete } from './manage';
import { setLibraryStorage, startLibrary, type StartEnv } from './session';
import { useLibrary } from './store';

const initial = useLibrary.getState();
let storage: LabStorage;

function env(hash = ''): StartEnv & { cleared: number } {
  const e = { hash, cleared: 0, clearHash: () => void e.cleared++, openLink: openSharedLink };
  return e;
}

const names = async () => unwrap(await storage.graphs.list({ sort: 'name-asc' })).map((g) => g.name);

beforeEach(() => {
  storage = testStorage();
  setLibraryStorage(storage);
  useLibrary.setState(initial, true);
  replaceGraph(defaultGraph());
});

describe('starting the library', () => {
  it('stores the default graph on the first start and reopens it (not a copy) on the next', async () => {
    await startLibrary(env());
    const { openId, status } = useLibrary.getState();
    expect(status).toBe('ready');
    expect(unwrap(await storage.graphs.get(openId!))?.file).toEqual(defaultGraph());
    useLibrary.setState(initial, true);
    await startLibrary(env());
    expect(useLibrary.getState().openId).toBe(openId);
    expect(await names()).toEqual(['DDPM on eight Gaussians']);
  });

  it('opens a share link in the fragment as a new graph and clears the fragment', async () => {
    await startLibrary(env());
    const link = await encodeShareLink(sampleGraph('Shared'));
    if (!link.ok) throw new Error('no link');
    const e = env(link.hash);
    await startLibrary(e);
    expect(e.cleared).toBe(1);
    expect(getGraph().name).toBe('Shared');
    expect(unwrap(await storage.graphs.get(useLibrary.getState().openId!))?.name).toBe('Shared');
    expect(await names()).toEqual(['DDPM on eight Gaussians', 'Shared']);
  });

  it('shows a damaged link’s problem, clears it, and opens the last graph instead', async () => {
    const e = env('#graph=AAAA-not-deflate');
    await startLibrary(e);
    expect(e.cleared).toBe(1);
    expect(useLibrary.getState().issues?.issues.map((i) => i.code)).toEqual(['invalid-link']);
    expect(await names()).toEqual(['DDPM on eight Gaussians']);
  });

  it('without storage: a banner, editing in memory, and a share link still opens', async () => {
    const error = new StorageError('unavailable', 'no IndexedDB here');
    setLibraryStorage({ ...storage, ready: async () => ({ ok: false, error }) });
    const link = await encodeShareLink(sampleGraph('Shared'));
    if (!link.ok) throw new Error('no link');
    await startLibrary(env(link.hash));
    const state = useLibrary.getState();
    expect([state.status, state.openId, state.banner, state.save.state]).toEqual(['memory', null, error, 'memory']);
    expect(getGraph().name).toBe('Shared');
    expect(await snapshot(storage)).toEqual({ graphs: [], weights: [], settings: [] });
  });
});

describe('importing and managing graphs', () => {
  beforeEach(() => startLibrary(env()));

  it('refuses a bad file with every issue and its path, storing nothing and keeping the open graph', async () => {
    const before = await snapshot(storage);
    const openId = useLibrary.getState().openId;
    const graph = sampleGraph('Bad');
    const bad = { ...graph, nodes: [...graph.nodes, { ...graph.nodes[0], id: 'b', type: 'noise/nope' }], edges: [{ id: 'e', source: 'noise', sourcePort: 'x', target: 'ghost', targetPort: 'x' }] };
    expect(await importText(JSON.stringify(bad), 'bad.json')).toBe(false);
    const report = useLibrary.getState().issues!;
    expect(report.title).toBe('Could not open the file “bad.json”');
    expect(report.issues.map((i) => [i.code, i.path.join('.')])).toEqual(expect.arrayContaining([['unknown-type', 'nodes.1.type'], ['dangling-edge', 'edges.0.target']]));
    expect(await snapshot(storage)).toEqual(before);
    expect(useLibrary.getState().openId).toBe(openId);
  });

  it('imports a file as a new graph under a free name, never over the one it came from', async () => {
    const openId = useLibrary.getState().openId!;
    expect(await importText(exportGraphFile(getGraph()), 'x.json')).toBe(true);
    const imported = useLibrary.getState().openId!;
    expect(imported).not.toBe(openId);
    expect(getGraph().name).toBe('DDPM on eight Gaussians (2)');
    expect(unwrap(await storage.graphs.get(openId))?.file).toEqual(defaultGraph());
  });

  it('deleting the open graph keeps its latest edit in the trash; undo reopens it with the edit', async () => {
    const id = useLibrary.getState().openId!;
    addNode('noise/normal', { x: 0, y: 0 }); // not yet autosaved
    const edited = getGraph();
    await deleteStored(id);
    expect(useLibrary.getState().undo).toEqual({ id, name: 'DDPM on eight Gaussians', wasOpen: true });
    // The only graph went: a new empty one is open.
    expect(getGraph().name).toBe('Untitled graph');
    expect(useLibrary.getState().openId).not.toBe(id);
    expect(unwrap(await storage.graphs.get(id))).toBeUndefined();
    await undoDelete();
    expect(useLibrary.getState().openId).toBe(id);
    expect(getGraph()).toEqual(edited);
    expect(await names()).toEqual(['DDPM on eight Gaussians', 'Untitled graph']);
  });

  it('duplicates the open graph as shown (unsaved edits included); renames the open one in the editor', async () => {
    const id = useLibrary.getState().openId!;
    addNode('noise/normal', { x: 0, y: 0 });
    const copy = (await duplicateStored(id))!;
    expect(copy.name).toBe('DDPM on eight Gaussians (2)');
    expect(copy.file.nodes.length).toBe(getGraph().nodes.length);
    await renameStored(id, 'Mine');
    expect(getGraph().name).toBe('Mine'); // autosave carries it to storage
    await renameStored(copy.id, 'The copy');
    expect(unwrap(await storage.graphs.get(copy.id))?.name).toBe('The copy');
  });
});

describe('share links from the editor', () => {
  it('refuses a graph above the link limit with the reason, before touching the clipboard', async () => {
    // 128 KB of random hex labels: deflate packs hex at best 2:1, so 64 KB or more, twice the 32 KB limit.
    const random = () => Array.from(crypto.getRandomValues(new Uint8Array(64)), (b) => b.toString(16).padStart(2, '0')).join('');
    const big = { ...sampleGraph('Big'), nodes: Array.from({ length: 1000 }, (_, i) => ({ ...sampleGraph().nodes[0], id: `n${i}`, label: random() })) };
    replaceGraph(big);
    const outcome = await copyShareLink();
    expect(outcome).toEqual({ ok: false, message: expect.stringMatching(/^Cannot share as a link: this graph is too large for a link \(more than 32 KB compressed\); export it as a file instead\.$/) });
  });
});
