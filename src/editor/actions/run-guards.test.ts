import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteElements } from './delete';
import { defaultGraph } from '../default-graph';
import { replaceGraph } from '../store/graph';
import { markInvalid, useInvalidFields } from '../store/invalid-fields';
import { useRun } from '../store/run';
import { watchStaleness } from '../store/stale';
import { markNotRun, refuseInvalidFields } from './run-guards';

describe('run state that tells the truth', () => {
  let unwatch: () => void = () => undefined;
  beforeEach(() => {
    replaceGraph(defaultGraph());
    useInvalidFields.setState({}, true);
    useRun.setState({ nodes: {}, outputs: {}, last: null, runId: null });
  });
  afterEach(() => unwatch());

  it('an invalid field blocks the run and names node and field; fixed, it does not', () => {
    markInvalid('noise', 'n', 'n must be a whole number; got 2.5');
    expect(refuseInvalidFields()).toBe(true);
    const last = useRun.getState().last!;
    expect(last.status).toBe('error');
    expect(last.message).toBe("Not run: fix node 'noise', field 'n' first: n must be a whole number; got 2.5");
    expect(last.node).toBe('noise');
    markInvalid('noise', 'n', null);
    expect(refuseInvalidFields()).toBe(false);
  });

  it('ignores invalid fields of nodes that are gone', () => {
    markInvalid('deleted-node', 'steps', 'steps must be at least 1; got 0');
    expect(refuseInvalidFields()).toBe(false);
  });

  it('after a stopped run, nothing stays queued or running: those nodes did not run', () => {
    useRun.setState({ nodes: { data: { status: 'done' }, ddpm: { status: 'running', progress: 0.4 }, swd: { status: 'queued' }, scatter: { status: 'queued' } } });
    markNotRun();
    const nodes = useRun.getState().nodes;
    expect(Object.fromEntries(Object.entries(nodes).map(([id, r]) => [id, r.status]))).toEqual({ data: 'done', ddpm: 'skipped', swd: 'skipped', scatter: 'skipped' });
  });

  it("deleting a node drops its run entry and the toolbar's error about it", () => {
    unwatch = watchStaleness();
    useRun.setState({ nodes: { ddpm: { status: 'error', message: 'boom' }, data: { status: 'done' } }, last: { status: 'error', seconds: 0, message: 'ddpm: boom', node: 'ddpm' } });
    deleteElements(['ddpm'], []);
    expect(useRun.getState().nodes.ddpm).toBeUndefined();
    expect(useRun.getState().last).toBeNull();
  });
});
