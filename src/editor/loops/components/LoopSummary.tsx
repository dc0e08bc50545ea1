import type { ReactNode } from 'react';
import { Tips } from '../../components/Inspector';
import { nodeDef } from '../../registry';
import { useGraph } from '../../store/graph';
import { useRun } from '../../store/run';
import { openLoop } from '../lens';
import { useLoops } from '../store';

const TIPS: [string, string][] = [
  ['Feed a step', 'drag from Loop inputs (x, level, predictor, schedule) to its ports'],
  ['Next x', 'connect the last step’s x to Loop output'],
  ['Add a step', 'drag one from the palette’s step group, or double-click the canvas'],
  ['Run', 'runs the whole graph, this loop included'],
  ['Back', 'the graph’s name in the bar above, or Collapse'],
];

/** The inspector with nothing selected inside an open loop: the loop, its body, and how to edit it. */
export function LoopSummary({ fallback }: { fallback: ReactNode }) {
  const scope = useLoops((s) => s.scope);
  const loop = useGraph((s) => openLoop(s.graph, scope));
  const run = useRun((s) => (scope ? s.nodes[scope] : undefined));
  if (!loop?.body) return fallback;
  const def = nodeDef(loop.type);
  return (
    <aside className="inspector" data-testid="inspector">
      <h2>⟲ {loop.label ?? def?.title ?? loop.id}</h2>
      <p className="muted">
        body of <code>{loop.id}</code> · {loop.body.nodes.length} nodes · {loop.body.edges.length} edges
      </p>
      {run?.status === 'error' && (
        <div className="inspector-error" data-testid="inspector-error">
          {run.message}
        </div>
      )}
      {def && <p>{def.docs.summary}</p>}
      <section>
        <h3>Editing a loop body</h3>
        <Tips tips={TIPS} />
      </section>
    </aside>
  );
}
