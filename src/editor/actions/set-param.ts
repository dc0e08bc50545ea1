import { withParam } from '../graph/ops';
import { updateScoped } from '../loops/lens';

/** Set (or with undefined, clear) one param of a node: one undo step. */
export function setParam(id: string, key: string, value: unknown): void {
  updateScoped((g) => withParam(g, id, key, value));
}
