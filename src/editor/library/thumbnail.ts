/** The parts of a graph file a thumbnail draws. */
export interface ThumbnailSource {
  nodes: { id: string; type: string; position: { x: number; y: number }; width?: number; height?: number }[];
  edges: { source: string; target: string }[];
}

export interface ThumbnailShapes {
  rects: { x: number; y: number; width: number; height: number; type: string }[];
  /** From the right edge of the source's box to the left edge of the target's (ports sit there). */
  lines: { x1: number; y1: number; x2: number; y2: number }[];
}

/** Node boxes as the canvas draws them, about (nodes are 256 wide; notes as wide as they say). */
const NODE = { width: 256, height: 180 };
const NOTE = { width: 460, height: 300 };

/**
 * A graph's layout scaled into a w × h box (aspect kept, centred, `margin` around): one
 * rectangle per node and one line per edge, for a gallery thumbnail.
 */
export function thumbnailShapes(g: ThumbnailSource, w: number, h: number, margin = 4): ThumbnailShapes {
  const boxes = new Map(
    g.nodes.map((n) => {
      const size = n.type === 'note' ? NOTE : NODE;
      return [n.id, { x: n.position.x, y: n.position.y, width: n.width ?? size.width, height: n.height ?? size.height, type: n.type }];
    }),
  );
  const all = [...boxes.values()];
  if (!all.length) return { rects: [], lines: [] };
  const x0 = Math.min(...all.map((b) => b.x));
  const y0 = Math.min(...all.map((b) => b.y));
  const x1 = Math.max(...all.map((b) => b.x + b.width));
  const y1 = Math.max(...all.map((b) => b.y + b.height));
  const scale = Math.min((w - 2 * margin) / (x1 - x0), (h - 2 * margin) / (y1 - y0));
  const ox = margin + (w - 2 * margin - (x1 - x0) * scale) / 2;
  const oy = margin + (h - 2 * margin - (y1 - y0) * scale) / 2;
  const map = (b: { x: number; y: number; width: number; height: number; type: string }) => ({ x: ox + (b.x - x0) * scale, y: oy + (b.y - y0) * scale, width: b.width * scale, height: b.height * scale, type: b.type });
  const rects = all.map(map);
  const lines = g.edges.flatMap((e) => {
    const s = boxes.get(e.source);
    const t = boxes.get(e.target);
    if (!s || !t) return [];
    const [a, b] = [map(s), map(t)];
    return [{ x1: a.x + a.width, y1: a.y + a.height / 2, x2: b.x, y2: b.y + b.height / 2 }];
  });
  return { rects, lines };
}
