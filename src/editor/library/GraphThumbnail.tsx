import { memo, useMemo } from 'react';
import { CATEGORY_COLORS, nodeDef } from '../registry';
import { thumbnailShapes, type ThumbnailSource } from './thumbnail';
import './thumbnail.css';

const W = 120;
const H = 72;

function colorOf(type: string): string {
  if (type === 'note') return '#ecc94b';
  const def = nodeDef(type);
  return def ? CATEGORY_COLORS[def.category] : '#718096';
}

/**
 * The graph's layout in miniature: nodes as boxes in their category's colour, notes yellow, edges
 * as lines; from a file's text (examples, lessons) or a stored graph (the library), at `scale`.
 */
export const GraphThumbnail = memo(function GraphThumbnail({ text, graph, scale = 1 }: { text?: string; graph?: ThumbnailSource; scale?: number }) {
  const shapes = useMemo(() => {
    try {
      return thumbnailShapes(graph ?? (JSON.parse(text ?? '') as ThumbnailSource), W, H);
    } catch {
      return null; // an unreadable file shows no picture; opening it reports why
    }
  }, [text, graph]);
  if (!shapes) return null;
  return (
    <svg className="lib-thumb" width={W * scale} height={H * scale} viewBox={`0 0 ${W} ${H}`} aria-hidden="true" data-testid="graph-thumbnail">
      {shapes.lines.map((l, i) => (
        <line key={i} x1={l.x1} y1={l.y1} x2={l.x2} y2={l.y2} stroke="#4a5568" strokeWidth={0.6} />
      ))}
      {shapes.rects.map((r, i) => (
        <rect key={i} x={r.x} y={r.y} width={Math.max(r.width, 1)} height={Math.max(r.height, 1)} rx={1} fill={colorOf(r.type)} fillOpacity={r.type === 'note' ? 0.35 : 0.85} />
      ))}
    </svg>
  );
});
