import type { GraphNode } from '../../engine/format';
import { arrangeLayered } from '../graph/arrange';
import { updateScoped } from '../loops/lens';
import { useView } from '../store/view';

/** Sizes of nodes not measured yet (off screen): a node is 256 wide, a note as wide as it says. */
const GUESS = { node: { width: 256, height: 220 }, note: { width: 460, height: 400 } };

/** Lay out what the canvas shows as layers, left to right (graph/arrange.ts): one undo step. */
export function arrangeGraph(): void {
  const measured = useView.getState().measured;
  const size = (n: GraphNode) => {
    const guess = n.type === 'note' ? GUESS.note : GUESS.node;
    return { width: measured[n.id]?.width ?? n.width ?? guess.width, height: measured[n.id]?.height ?? n.height ?? guess.height };
  };
  updateScoped((g) => {
    const at = arrangeLayered(g.nodes, g.edges, size);
    return { ...g, nodes: g.nodes.map((n) => ({ ...n, position: at.get(n.id) ?? n.position })) };
  });
}
