import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { validateGraph } from '../../engine/validate';
import { addNode } from '../actions/add-node';
import { connect } from '../actions/connect';
import { deleteElements } from '../actions/delete';
import { redo, undo } from '../actions/history';
import { openGraphText } from '../actions/open-graph';
import { setParam } from '../actions/set-param';
import { defaultGraph } from '../default-graph';
import { withPositions } from '../graph/ops';
import { registry } from '../registry';
import { getGraph, graphHistory, replaceGraph, updateGraph } from '../store/graph';
import { setSelection, useView } from '../store/view';
import { expandReply } from '../../../workers/expand-reply';
import { enterLoop, expandBlocker, expandNode, leaveLoop, setExpander, watchScope } from './actions';
import { getScoped, updateScoped } from './lens';
import { LOOP_IN, LOOP_OUT } from './ports';
import { useLoops } from './store';

// The worker's expansion, run in-process.
setExpander(async (graph, id) => expandReply(graph, id));

const loop = () => getGraph().nodes.find((n) => n.id === 'ddpm-loop')!;
const body = () => loop().body!;
const problems = () => {
  const v = validateGraph(getGraph(), registry);
  return [...v.issues, ...[...v.nodeIssues.values()].flat()].map((i) => i.message);
};

describe('editing a loop body through the lens', () => {
  let stop: () => void;
  beforeEach(() => {
    stop?.();
    leaveLoop();
    replaceGraph(defaultGraph());
    setSelection([]);
    stop = watchScope();
  });

  it('expands the sampler into its loop as one undo step, only at the top level', async () => {
    const sampler = getGraph().nodes.find((n) => n.id === 'ddpm')!;
    expect(expandBlocker(sampler)).toBeNull();
    expect(expandBlocker(getGraph().nodes.find((n) => n.id === 'swd')!)).toBeUndefined();
    expect(await expandNode('ddpm')).toBe('ddpm-loop');
    expect(loop()).toMatchObject({ type: 'loop/levels', params: { grid: 'chain', seed: 2 } });
    expect(body().nodes.map((n) => n.type)).toEqual(['step/ddpm']);
    expect(getGraph().edges.filter((e) => e.source === 'ddpm-loop' || e.target === 'ddpm-loop')).toHaveLength(5);
    expect([...useView.getState().selectedNodes]).toEqual(['ddpm-loop']);
    expect(problems()).toEqual([]);
    expect(graphHistory.getState().pastStates).toHaveLength(1);
    undo();
    expect(getGraph().nodes.some((n) => n.id === 'ddpm')).toBe(true);
  });

  it('shows the body with its bindings as edges of the loop’s inputs and output nodes', async () => {
    await expandNode('ddpm');
    expect(enterLoop('ddpm-loop')).toBe(true);
    const view = getScoped();
    expect(view.nodes.map((n) => n.id)).toEqual([LOOP_IN, 'ddpm', LOOP_OUT]);
    expect(view.edges.map((e) => `${e.source}.${e.sourcePort}>${e.target}.${e.targetPort}`)).toEqual([
      '@in.x>ddpm.x',
      '@in.level>ddpm.level',
      '@in.predictor>ddpm.predictor',
      '@in.schedule>ddpm.schedule',
      'ddpm.x>@out.x',
    ]);
    // The view keeps its identity between reads (selectors depend on it).
    expect(getScoped()).toBe(view);
    const [inputs, , output] = view.nodes;
    expect(inputs.position.x).toBeLessThan(body().nodes[0].position.x);
    expect(output.position.x).toBeGreaterThan(body().nodes[0].position.x);
  });

  it('adds a corrector before the step: nodes, params, edges and bindings land in the body, each one undo step', async () => {
    await expandNode('ddpm');
    enterLoop('ddpm-loop');
    const top = getGraph().nodes.length;
    const id = addNode('step/corrector', { x: -300, y: 0 })!;
    expect(id).toBe('corrector');
    expect(getGraph().nodes).toHaveLength(top);
    expect(body().nodes.map((n) => n.id)).toEqual(['ddpm', 'corrector']);
    for (const port of ['level', 'predictor', 'schedule']) expect(connect({ source: LOOP_IN, sourcePort: port, target: id, targetPort: port })).toBeNull();
    // A type the port does not take is refused with the reason, as between nodes.
    expect(connect({ source: LOOP_IN, sourcePort: 'level', target: id, targetPort: 'x' })).toMatch(/level, but corrector\.x takes tensor/);
    expect(connect({ source: LOOP_IN, sourcePort: 'x', target: id, targetPort: 'x' })).toBeNull();
    // The step's x now comes from the corrector: the loop's binding into it is replaced.
    expect(connect({ source: id, sourcePort: 'x', target: 'ddpm', targetPort: 'x' })).toBeNull();
    expect(body().inputs.x).toEqual([{ node: 'corrector', port: 'x' }]);
    expect(body().inputs.level).toEqual([
      { node: 'ddpm', port: 'level' },
      { node: 'corrector', port: 'level' },
    ]);
    expect(body().edges).toEqual([{ id: 'corrector.x->ddpm.x', source: 'corrector', sourcePort: 'x', target: 'ddpm', targetPort: 'x' }]);
    expect(body().output).toEqual({ node: 'ddpm', port: 'x' });
    expect(problems()).toEqual([]);
    setParam(id, 'snr', 0.1);
    expect(body().nodes[1].params.snr).toBe(0.1);
    expect(graphHistory.getState().pastStates).toHaveLength(1 + 1 + 5 + 1);
    undo();
    undo();
    // Before the corrector fed the step, the loop's x went to both.
    expect(body().inputs.x).toEqual([
      { node: 'ddpm', port: 'x' },
      { node: 'corrector', port: 'x' },
    ]);
    expect(body().edges).toEqual([]);
    redo();
    expect(body().edges).toHaveLength(1);
  });

  it('the output follows the edge into the loop’s output node; deleting a node drops its bindings', async () => {
    await expandNode('ddpm');
    enterLoop('ddpm-loop');
    addNode('step/corrector', { x: 300, y: 0 });
    expect(connect({ source: 'ddpm', sourcePort: 'x', target: LOOP_OUT, targetPort: 'x' })).toMatch(/already connected/);
    connect({ source: 'ddpm', sourcePort: 'x', target: 'corrector', targetPort: 'x' });
    expect(connect({ source: 'corrector', sourcePort: 'x', target: LOOP_OUT, targetPort: 'x' })).toBeNull();
    expect(body().output).toEqual({ node: 'corrector', port: 'x' });
    deleteElements(['ddpm']);
    expect(body().nodes.map((n) => n.id)).toEqual(['corrector']);
    expect(Object.values(body().inputs).flat()).toEqual([]);
    expect(body().edges).toEqual([]);
    deleteElements(['corrector']);
    // The output must name a port: it keeps the deleted one, and validation says so on the loop.
    expect(body().output).toEqual({ node: 'corrector', port: 'x' });
    expect(problems().join('\n')).toMatch(/reads its next x from body node 'corrector', which does not exist/);
  });

  it('moving the loop’s inputs or output node is view state: no edit, no undo step', async () => {
    await expandNode('ddpm');
    enterLoop('ddpm-loop');
    const before = getGraph();
    updateScoped((g) => withPositions(g, new Map([[LOOP_IN, { x: -900, y: 40 }]])));
    expect(getGraph()).toBe(before);
    expect(useLoops.getState().anchors!.in).toEqual({ x: -900, y: 40 });
    expect(getScoped().nodes[0].position).toEqual({ x: -900, y: 40 });
  });

  it('leaves the body when its loop goes away (an undo of the expansion), selecting the loop on a normal exit', async () => {
    await expandNode('ddpm');
    enterLoop('ddpm-loop');
    expect(enterLoop('ddpm-loop')).toBe(false);
    leaveLoop();
    expect([...useView.getState().selectedNodes]).toEqual(['ddpm-loop']);
    enterLoop('ddpm-loop');
    undo();
    expect(useLoops.getState().scope).toBeNull();
    expect(getScoped()).toBe(getGraph());
    updateGraph((g) => g);
  });

  it('opens a loop of an example file, and leaves it when another graph is opened', () => {
    const text = readFileSync(new URL('../../../graphs/loop-ddpm-vs-euler-maruyama.json', import.meta.url), 'utf8');
    expect(openGraphText(text).opened).toBe(true);
    expect(enterLoop('em')).toBe(true);
    expect(getScoped().nodes.map((n) => n.id)).toEqual([LOOP_IN, 'em-step', LOOP_OUT]);
    expect(getScoped().edges).toHaveLength(5);
    openGraphText(text);
    expect(useLoops.getState().scope).toBeNull();
  });
});
