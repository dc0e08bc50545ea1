import type { GraphNode } from '../../engine/format';
import { updateScoped } from '../loops/lens';
import { showToast } from '../store/ui';
import { useView } from '../store/view';

/** Sizes of nodes not measured yet (off screen): a node is 256 wide, a note as wide as it says. */
const GUESS = { node: { width: 256, height: 220 }, note: { width: 460, height: 400 } };

/**
 * Lay out what the canvas shows as layers, left to right (graph/arrange.ts): one undo step.
 * dagre (~50 KB) loads on the first arrange, not with the canvas.
 */
export async function arrangeGraph(): Promise<void> {
  let arrangeLayered: typeof import('../graph/arrange').arrangeLayered;
  try {
    ({ arrangeLayered } = await import('../graph/arrange'));
  } catch (e) {
    showToast(`Arrange could not load: ${(e as Error).message}`, 'error');
    return;
  }
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
