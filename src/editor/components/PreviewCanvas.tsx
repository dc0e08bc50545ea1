import { memo, useEffect, useRef } from 'react';
import type { Preview } from '../../engine/preview';
import { drawPreview } from '../draw';
import { isPicture, openLightbox } from '../images/lightbox';
import { isPlot, openPlot } from '../plots/plot-store';

interface Props {
  preview: Preview;
  width: number;
  height: number;
  large?: boolean;
  testId?: string;
  /** Pictures and plots open large on a click (not after a drag); false inside the large view. */
  zoomable?: boolean;
  /** Title of the enlarged view. */
  title?: string;
}

/** A click that did not move the pointer more than this (px) since it went down opens the picture. */
const CLICK_SLOP = 4;

/** A preview drawn on a canvas: redrawn only when the payload or the size changes. */
export const PreviewCanvas = memo(function PreviewCanvas({ preview, width, height, large = false, testId, zoomable = true, title }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const down = useRef<{ x: number; y: number } | null>(null);
  const picture = zoomable && isPicture(preview);
  const plot = zoomable && isPlot(preview);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const dpr = Math.min(window.devicePixelRatio || 1, 2);
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawPreview(ctx, preview, width, height, large);
  }, [preview, width, height, large]);
  const zoom =
    picture || plot
      ? {
          onPointerDown: (e: React.PointerEvent) => (down.current = { x: e.clientX, y: e.clientY }),
          onClick: (e: React.MouseEvent) => {
            const d = down.current;
            if (d && Math.hypot(e.clientX - d.x, e.clientY - d.y) > CLICK_SLOP) return;
            e.stopPropagation();
            if (isPicture(preview)) openLightbox(preview, title);
            else if (isPlot(preview)) openPlot(preview, title);
          },
          title: plot ? 'Click to open large (axes, legend, hover values)' : 'Click to enlarge',
        }
      : {};
  return <canvas ref={ref} className={`preview-canvas${picture ? ' zoomable' : plot ? ' plot-zoomable' : ''}`} style={{ width, height }} data-testid={testId} data-kind={preview.kind} {...zoom} />;
});
