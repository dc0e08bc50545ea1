import { withParam } from '../graph/ops';
import { updateGraph } from '../store/graph';

/** Set (or with undefined, clear) one param of a node: one undo step. */
export function setParam(id: string, key: string, value: unknown): void {
  updateGraph((g) => withParam(g, id, key, value));
}
