import { memo } from 'react';
import { nodeDef } from '../../registry';
import { useGraph } from '../../store/graph';
import { enterLoop } from '../actions';
import { useLoops } from '../store';

/** On a loop node: the steps of its body, and Open (double-clicking the node opens it too). */
export const LoopFooter = memo(function LoopFooter({ id }: { id: string }) {
  const body = useGraph((s) => s.graph.nodes.find((n) => n.id === id)?.body);
  const inside = useLoops((s) => s.scope !== null);
  if (!body || inside) return null;
  return (
    <div className="loop-footer">
      <div className="loop-steps" data-testid={`loop-steps-${id}`}>
        {body.nodes.map((n) => (
          <span className="loop-step" key={n.id} title={`${n.id} (${n.type})`}>
            {n.label ?? nodeDef(n.type)?.title ?? n.type}
          </span>
        ))}
      </div>
      <button className="loop-open nodrag" data-testid={`loop-open-${id}`} onClick={() => enterLoop(id)} title="Edit the body (or double-click the node)">
        Open ▸
      </button>
    </div>
  );
});
