import { memo, useEffect, useRef } from 'react';
import type { Preview } from '../../engine/preview';
import { drawPreview } from '../draw';

interface Props {
  preview: Preview;
  width: number;
  height: number;
  large?: boolean;
  testId?: string;
}

/** A preview drawn on a canvas: redrawn only when the payload or the size changes. */
export const PreviewCanvas = memo(function PreviewCanvas({ preview, width, height, large = false, testId }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
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
  return <canvas ref={ref} className="preview-canvas" style={{ width, height }} data-testid={testId} data-kind={preview.kind} />;
});
