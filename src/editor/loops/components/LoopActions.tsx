import type { GraphNode } from '../../../engine/format';
import { enterLoop, expandBlocker, expandNode } from '../actions';
import { useLoops } from '../store';

/** Inspector section of a loop (open its body) or of a whole sampler (expand it into its steps). */
export function LoopActions({ node }: { node: GraphNode }) {
  const inside = useLoops((s) => s.scope !== null);
  if (inside) return null;
  if (node.body) {
    const n = node.body.nodes.length;
    return (
      <section className="loop-actions">
        <button className="primary" data-testid="inspector-open-loop" onClick={() => enterLoop(node.id)}>
          Open loop body ▸
        </button>
        <p className="muted small">
          {n} {n === 1 ? 'node runs' : 'nodes run'} once per level. Double-click the node to open it too.
        </p>
      </section>
    );
  }
  const blocker = expandBlocker(node);
  if (blocker === undefined) return null;
  return (
    <section className="loop-actions">
      <button data-testid="inspector-expand" disabled={blocker !== null} onClick={() => expandNode(node.id)} title="Replace this sampler by the loop of its single steps: the same numbers, and a body you can edit">
        ⟲ Expand into steps
      </button>
      <p className="muted small">{blocker ?? 'The same sampler as a loop over its noise levels, its update a step node you can swap or add to.'}</p>
    </section>
  );
}
