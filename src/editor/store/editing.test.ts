import { beforeEach, describe, expect, it } from 'vitest';
import { addNode } from '../actions/add-node';
import { copySelection, duplicateSelection, pasteText } from '../actions/clipboard';
import { connect } from '../actions/connect';
import { deleteElements } from '../actions/delete';
import { redo, undo } from '../actions/history';
import { openGraphText } from '../actions/open-graph';
import { setGraphName, setLabel } from '../actions/rename';
import { setParam } from '../actions/set-param';
import { defaultGraph } from '../default-graph';
import { withPositions } from '../graph/ops';
import { beginGesture, endGesture, getGraph, graphHistory, replaceGraph, updateGraph } from './graph';
import { useRun } from './run';
import { watchStaleness } from './stale';
import { setSelection, useView } from './view';

const node = (id: string) => getGraph().nodes.find((n) => n.id === id);

describe('editing the graph', () => {
  beforeEach(() => {
    replaceGraph(defaultGraph());
    setSelection([]);
  });

  it('a param edit is one undo step, and redo restores it', () => {
    setParam('ddpm', 'variance', 'beta');
    expect(node('ddpm')!.params.variance).toBe('beta');
    undo();
    expect(node('ddpm')!.params.variance).toBe('posterior');
    redo();
    expect(node('ddpm')!.params.variance).toBe('beta');
  });

  it('a drag is one undo step however many moves it made; selection is not in the history', () => {
    const start = node('ddpm')!.position;
    beginGesture();
    for (let i = 1; i <= 10; i++) updateGraph((g) => withPositions(g, new Map([['ddpm', { x: start.x + i, y: start.y }]])));
    endGesture();
    setSelection(['ddpm']);
    expect(graphHistory.getState().pastStates).toHaveLength(1);
    undo();
    expect(node('ddpm')!.position).toEqual(start);
    expect(useView.getState().selectedNodes.has('ddpm')).toBe(true);
  });

  it('adds a node with its defaults, a fresh id and an unused seed, and connects a pending edge', () => {
    // A free place (one over a node would go to the nearest free space instead; graph/free-space.test.ts).
    const id = addNode('sampler/ddpm', { x: 2000.4, y: 20.6 }, { node: 'noise', port: 'x', from: 'source', type: 'tensor' })!;
    expect(id).toBe('ddpm-2');
    expect(node(id)).toMatchObject({ type: 'sampler/ddpm', position: { x: 2000, y: 21 }, params: { variance: 'posterior', seed: 4 } });
    expect(getGraph().edges.find((e) => e.target === id)).toMatchObject({ source: 'noise', sourcePort: 'x', targetPort: 'xT' });
    expect([...useView.getState().selectedNodes]).toEqual([id]);
    undo();
    expect(node(id)).toBeUndefined();
    expect(getGraph().edges.some((e) => e.target === id)).toBe(false);
  });

  it('a node added on top of another goes to the nearest free space', () => {
    const data = node('data')!;
    const id = addNode('noise/normal', { ...data.position })!;
    const p = node(id)!.position;
    // data/toy2d sits at (0, 0); a new node is 256 × 180: it moves clear of it, not onto it.
    expect(p).not.toEqual(data.position);
    expect(Math.hypot(p.x - data.position.x, p.y - data.position.y)).toBeGreaterThan(50);
  });

  it('connect refuses with a reason and changes nothing', () => {
    const before = getGraph();
    expect(connect({ source: 'schedule', sourcePort: 'schedule', target: 'swd', targetPort: 'b' })).toMatch(/takes tensor/);
    expect(getGraph()).toBe(before);
  });

  it('deleting a node removes its edges in one step', () => {
    deleteElements(['ddpm']);
    expect(node('ddpm')).toBeUndefined();
    expect(getGraph().edges.some((e) => e.source === 'ddpm' || e.target === 'ddpm')).toBe(false);
    undo();
    expect(getGraph().edges.filter((e) => e.source === 'ddpm' || e.target === 'ddpm')).toHaveLength(5);
  });

  it('copy/paste renames ids, keeps internal edges and shifts the copy; repeated pastes step further', () => {
    setSelection(['noise', 'ddpm']);
    const text = copySelection()!;
    expect(JSON.parse(text).edges).toHaveLength(1);
    expect(pasteText(text)).toBe(true);
    expect(pasteText(text)).toBe(true);
    const g = getGraph();
    expect(node('ddpm-2')!.position).toEqual({ x: node('ddpm')!.position.x + 40, y: node('ddpm')!.position.y + 40 });
    expect(node('ddpm-3')!.position).toEqual({ x: node('ddpm')!.position.x + 80, y: node('ddpm')!.position.y + 80 });
    expect(g.edges.find((e) => e.target === 'ddpm-2')).toMatchObject({ source: 'noise-2', sourcePort: 'x', targetPort: 'xT' });
    expect([...useView.getState().selectedNodes].sort()).toEqual(['ddpm-3', 'noise-3']);
    expect(pasteText('not json')).toBe(false);
  });

  it('duplicate copies the selection in place', () => {
    setSelection(['swd']);
    duplicateSelection();
    expect(node('swd-2')).toMatchObject({ type: 'metric/sliced-wasserstein', params: node('swd')!.params });
  });

  it('an edit clears the run status of the node and everything downstream', () => {
    const stop = watchStaleness();
    const done = { status: 'done' as const, seconds: 1 };
    useRun.setState({ nodes: { data: done, schedule: done, ddpm: done, swd: done, scatter: done, fresh: done } });
    setParam('ddpm', 'variance', 'beta');
    expect(Object.keys(useRun.getState().nodes).sort()).toEqual(['data', 'fresh', 'schedule']);
    stop();
  });

  it('opening a graph file replaces the document, its history and the run results', () => {
    setParam('ddpm', 'variance', 'beta');
    useRun.setState({ nodes: { ddpm: { status: 'done', seconds: 1 } } });
    const file = { ...defaultGraph(), name: 'opened', nodes: defaultGraph().nodes.filter((n) => n.id !== 'note') };
    expect(openGraphText(JSON.stringify(file))).toEqual({ opened: true, issues: [] });
    expect(getGraph().name).toBe('opened');
    expect(graphHistory.getState().pastStates).toHaveLength(0);
    expect(useRun.getState().nodes).toEqual({});
    const bad = openGraphText('{"format": "diffusion-graph-lab/graph", "version": 9}');
    expect(bad.opened).toBe(false);
    expect(bad.issues[0].message).toMatch(/newer/);
    expect(getGraph().name).toBe('opened');
  });

  it('renames a node (empty clears the label) and the graph, each one undo step', () => {
    setLabel('ddpm', '  my sampler ');
    expect(node('ddpm')!.label).toBe('my sampler');
    setLabel('ddpm', '');
    expect(node('ddpm')!.label).toBeUndefined();
    setGraphName('');
    setGraphName('Renamed');
    expect(getGraph().name).toBe('Renamed');
    expect(graphHistory.getState().pastStates).toHaveLength(3);
  });
});
