import { useReactFlow, type Viewport } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { StatusBadge } from '../../components/StatusBadge';
import { nodeDef } from '../../registry';
import { useGraph } from '../../store/graph';
import { useRun } from '../../store/run';
import { useUi } from '../../store/ui';
import { leaveLoop, watchScope } from '../actions';
import { openLoop } from '../lens';
import { useLoops } from '../store';
import '../loops.css';

/**
 * Over the canvas while a loop's body is open: the breadcrumb (graph › loop) with the
 * loop's run status, and Collapse. Opening fits the body in view; leaving restores the
 * graph's view as it was.
 */
export function LoopBar() {
  const scope = useLoops((s) => s.scope);
  const loop = useGraph((s) => openLoop(s.graph, scope));
  const name = useGraph((s) => s.graph.name);
  const run = useRun((s) => (scope ? s.nodes[scope] : undefined));
  const rf = useReactFlow();
  const outer = useRef<Viewport | null>(null);
  useEffect(() => watchScope(), []);
  useEffect(() => {
    if (scope) {
      outer.current ??= rf.getViewport();
      useUi.setState((s) => ({ fitRequest: s.fitRequest + 1 }));
    } else if (outer.current) {
      const view = outer.current;
      outer.current = null;
      requestAnimationFrame(() => rf.setViewport(view));
    }
  }, [scope, rf]);
  if (!loop) return null;
  return (
    <>
      <div className="loop-frame" />
      <nav className="loop-bar" data-testid="loop-bar" aria-label="Loop body">
        <button className="loop-crumb" data-testid="loop-bar-graph" onClick={leaveLoop} title={`Back to the graph “${name}”`}>
          {name}
        </button>
        <span className="loop-sep">›</span>
        <span className="loop-crumb current" data-testid="loop-bar-loop" title={`${loop.id} (${loop.type}): its body runs once per noise level`}>
          ⟲ {loop.label ?? nodeDef(loop.type)?.title ?? loop.id}
        </span>
        {run && <StatusBadge nodeId="loop-bar" run={run} />}
        <button className="loop-collapse" data-testid="loop-collapse" onClick={leaveLoop} title="Collapse the loop back into one node">
          Collapse
        </button>
      </nav>
    </>
  );
}
