import { LIMITS } from '../../engine/format';
import { mapNode } from '../graph/ops';
import { updateScoped } from '../loops/lens';
import { updateGraph } from '../store/graph';

/** A node's label (shown instead of its type's title); empty clears it. One undo step. */
export function setLabel(id: string, label: string): void {
  const text = label.trim().slice(0, LIMITS.idLength);
  updateScoped((g) =>
    mapNode(g, id, (n) => {
      if ((n.label ?? '') === text) return n;
      const { label: _old, ...rest } = n;
      return text ? { ...rest, label: text } : rest;
    }),
  );
}

/** The graph's name (1…200 characters; an empty name is ignored). One undo step. */
export function setGraphName(name: string): void {
  const text = name.trim().slice(0, 200);
  if (text) updateGraph((g) => (g.name === text ? g : { ...g, name: text }));
}
