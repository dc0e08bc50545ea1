import { describe, expect, it } from 'vitest';
import { thumbnailShapes } from './thumbnail';

describe('gallery thumbnails', () => {
  it('scales the layout into the box, keeping its aspect, and joins edges port side to port side', () => {
    const g = {
      nodes: [
        { id: 'a', type: 'data/toy2d', position: { x: 0, y: 0 } },
        { id: 'b', type: 'view/scatter', position: { x: 744, y: 0 } },
      ],
      edges: [{ source: 'a', target: 'b' }],
    };
    // Layout 1000 × 180 into 200 × 100 with margin 0: scale 0.2, centred vertically.
    const { rects, lines } = thumbnailShapes(g, 200, 100, 0);
    expect(rects[0]).toEqual({ x: 0, y: (100 - 36) / 2, width: 256 * 0.2, height: 36, type: 'data/toy2d' });
    expect(rects[1].x + rects[1].width).toBeCloseTo(200, 9);
    expect(lines).toEqual([{ x1: 256 * 0.2, y1: 50, x2: 744 * 0.2, y2: 50 }]);
  });

  it('skips edges to missing nodes and draws nothing for an empty graph', () => {
    expect(thumbnailShapes({ nodes: [{ id: 'a', type: 'note', position: { x: 0, y: 0 } }], edges: [{ source: 'a', target: 'gone' }] }, 100, 50).lines).toEqual([]);
    expect(thumbnailShapes({ nodes: [], edges: [] }, 100, 50)).toEqual({ rects: [], lines: [] });
  });
});
