import type { EdgeChange, NodeChange } from '@xyflow/react';
import { withPositions, type Scoped } from './ops';
import type { Size } from '../store/view';

/**
 * React Flow's node changes split by where they belong: positions and resizes edit the
 * document; selection and measured sizes are view state. Removes are left to onDelete
 * (one undo step for nodes and edges together).
 */
export function applyNodeChanges<G extends Scoped>(
  changes: NodeChange[],
  graph: G,
  selected: ReadonlySet<string>,
  measured: Readonly<Record<string, Size>>,
): { graph: G; selected: ReadonlySet<string>; measured: Readonly<Record<string, Size>> } {
  const positions = new Map<string, { x: number; y: number }>();
  const sizes = new Map<string, Size>();
  let sel: Set<string> | null = null;
  let meas: Record<string, Size> | null = null;
  for (const c of changes) {
    if (c.type === 'position' && c.position) positions.set(c.id, c.position);
    else if (c.type === 'select') {
      sel ??= new Set(selected);
      if (c.selected) sel.add(c.id);
      else sel.delete(c.id);
    } else if (c.type === 'dimensions' && c.dimensions) {
      if (c.setAttributes) sizes.set(c.id, c.dimensions);
      const prev = measured[c.id];
      if (!prev || prev.width !== c.dimensions.width || prev.height !== c.dimensions.height) {
        meas ??= { ...measured };
        meas[c.id] = { width: c.dimensions.width, height: c.dimensions.height };
      }
    }
  }
  let next = withPositions(graph, positions);
  if (sizes.size) {
    next = {
      ...next,
      nodes: next.nodes.map((n) => {
        const s = sizes.get(n.id);
        return s ? { ...n, width: Math.round(s.width), height: Math.round(s.height) } : n;
      }),
    };
  }
  return { graph: next, selected: sel ?? selected, measured: meas ?? measured };
}

/** Edge selection changes; removes are left to onDelete. */
export function applyEdgeSelection(changes: EdgeChange[], selected: ReadonlySet<string>): ReadonlySet<string> {
  let sel: Set<string> | null = null;
  for (const c of changes) {
    if (c.type !== 'select') continue;
    sel ??= new Set(selected);
    if (c.selected) sel.add(c.id);
    else sel.delete(c.id);
  }
  return sel ?? selected;
}
