import { without } from '../graph/ops';
import { updateScoped } from '../loops/lens';
import { setSelection, useView } from '../store/view';

/** Delete nodes (and their edges) and edges: one undo step. */
export function deleteElements(nodeIds: Iterable<string>, edgeIds: Iterable<string> = []): void {
  updateScoped((g) => without(g, new Set(nodeIds), new Set(edgeIds)));
  setSelection([]);
}

export function deleteSelection(): void {
  const { selectedNodes, selectedEdges } = useView.getState();
  deleteElements(selectedNodes, selectedEdges);
}
