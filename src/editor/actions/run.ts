import type { RunEvent } from '../../engine/events';
import { largeWorkForRun } from '../cost/before-run';
import { getEngine } from '../engine';
import { bodyErrorKey, issueKeys, outerTargets } from '../loops/run-keys';
import { getGraph } from '../store/graph';
import { setNodeRun, useRun, type NodeRun } from '../store/run';
import { showToast } from '../store/ui';
import { backendReady } from './backend';
import { markNotRun, markRunEnded, markRunStarted, refuseInvalidFields } from './run-guards';

let counter = 0;
let cancel: (() => Promise<void>) | null = null;
/** True while the estimate is asked for or its dialog is open: a second Run waits for the answer. */
let deciding = false;

/** Run the graph (or what `targets` need); statuses, previews and outputs land in the run store. */
export async function runGraph(targets?: string[]): Promise<void> {
  if (useRun.getState().runId || deciding) return;
  if (refuseInvalidFields()) return;
  // Work estimates first: past the hard bound the run is refused, past the soft bound the user is asked.
  deciding = true;
  const largeWork = await largeWorkForRun(getGraph(), outerTargets(targets)).finally(() => (deciding = false));
  if (!largeWork || useRun.getState().runId) return;
  const runId = `run-${Date.now().toString(36)}-${++counter}`;
  useRun.setState({ runId, nodes: {}, last: null });
  markRunStarted(getGraph().name);
  try {
    await backendReady();
    const graph = getGraph();
    const handle = getEngine().run(graph, { runId, targets: outerTargets(targets), onEvent, largeWork });
    cancel = handle.cancel;
    const reply = await handle.result;
    const byNode = new Map<string, string[]>();
    for (const issue of reply.issues ?? []) for (const key of issueKeys(graph, issue)) byNode.set(key, [...(byNode.get(key) ?? []), issue.message]);
    for (const [node, messages] of byNode) setNodeRun(node, { status: 'error', message: messages.join('\n') });
    markNotRun();
    const graphIssue = reply.issues?.find((i) => !i.node);
    const message = reply.error ? `${reply.error.node}: ${reply.error.message}` : (graphIssue?.message ?? reply.issues?.[0]?.message);
    useRun.setState((s) => ({
      outputs: { ...s.outputs, ...reply.outputs },
      last: { status: reply.status, seconds: reply.seconds, message, node: reply.error?.node },
    }));
    if (reply.status === 'error' && message) showToast(`Run failed: ${message}`, 'error');
  } catch (e) {
    const message = (e as Error).message;
    useRun.setState({ last: { status: 'error', seconds: 0, message } });
    showToast(`Run failed: ${message}`, 'error');
  } finally {
    cancel = null;
    markRunEnded();
    useRun.setState({ runId: null });
  }
}

function onEvent(event: RunEvent): void {
  const prev = useRun.getState().nodes[event.node];
  let next: NodeRun;
  switch (event.type) {
    case 'running':
      next = { status: 'running', progress: event.progress, phase: event.phase, preview: (event.preview as NodeRun['preview']) ?? prev?.preview };
      break;
    case 'done':
      next = { status: 'done', seconds: event.seconds };
      break;
    case 'error': {
      next = { status: 'error', message: event.message, port: event.port };
      const inner = bodyErrorKey(event);
      if (inner) setNodeRun(inner, next);
      break;
    }
    default:
      next = { status: event.type };
  }
  setNodeRun(event.node, next);
}

/** Stop the run in progress (nodes check between steps). */
export async function stopRun(): Promise<void> {
  await cancel?.();
}
