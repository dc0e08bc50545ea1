import { Handle, Position, useStore, type ReactFlowState } from '@xyflow/react';
import { memo, type CSSProperties } from 'react';

interface Bounds {
  id?: string | null;
  x: number;
  y: number;
  width: number;
  height: number;
}
interface HandleSet {
  source: Bounds[] | null;
  target: Bounds[] | null;
}

/**
 * Where each node's handles sat when it was last drawn in full, in node coordinates.
 * A node drawn as a far-zoom block keeps its handles mounted at exactly these places:
 * React Flow re-measures handles whenever a node remounts (onlyRenderVisibleElements),
 * and without them it cannot draw the node's edges (NOTES.md, "React Flow at low zoom").
 */
const remembered = new Map<string, HandleSet>();

const boundsOf = (id: string) => (s: ReactFlowState) => s.nodeLookup.get(id)?.internals.handleBounds as HandleSet | undefined;

function place(b: Bounds): CSSProperties {
  // The same box React Flow measured, so a re-measure yields the same bounds (a fixed point).
  return { left: b.x, top: b.y, width: b.width, height: b.height, minWidth: 0, minHeight: 0, transform: 'none', border: 0, boxSizing: 'border-box', opacity: 0, pointerEvents: 'none' };
}

/** Invisible handles of a far-zoom node at the positions of its full drawing (none before it was drawn in full). */
export const FarHandles = memo(function FarHandles({ id }: { id: string }) {
  const live = useStore(boundsOf(id));
  if (live && (live.source?.length || live.target?.length)) remembered.set(id, live);
  const set = remembered.get(id);
  if (!set) return null;
  return (
    <>
      {(set.target ?? []).map((b) => (
        <Handle key={`t-${b.id}`} type="target" position={Position.Left} id={b.id ?? undefined} className="far-handle" style={place(b)} isConnectable={false} />
      ))}
      {(set.source ?? []).map((b) => (
        <Handle key={`s-${b.id}`} type="source" position={Position.Right} id={b.id ?? undefined} className="far-handle" style={place(b)} isConnectable={false} />
      ))}
    </>
  );
});

