import { useEffect } from 'react';
import { PreviewCanvas } from '../components/PreviewCanvas';
import { formatT } from '../lessons/compare/CompareCell';
import { replayFrame } from '../draw/replay';
import { closeLightbox, useLightbox } from './lightbox';
import './lightbox.css';

/** Largest side of the enlarged grid, in CSS pixels: images are scaled without smoothing. */
const SIDE = 640;

/**
 * An image grid or a denoising replay, large, over the editor. A replay shows its samples' x_t
 * (top row) above their x̂₀ (bottom row) at one frame, with a time slider over the frames.
 */
export function ImageLightbox() {
  const { preview, title, frame } = useLightbox();
  useEffect(() => {
    if (!preview) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') closeLightbox();
      if (preview.kind !== 'replay') return;
      if (e.key === 'ArrowRight') useLightbox.setState({ frame: Math.min(preview.k - 1, useLightbox.getState().frame + 1) });
      if (e.key === 'ArrowLeft') useLightbox.setState({ frame: Math.max(0, useLightbox.getState().frame - 1) });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [preview]);
  if (!preview) return null;
  const sheet = preview.kind === 'replay' ? replayFrame(preview, frame) : preview;
  const cols = sheet.cols ?? Math.ceil(Math.sqrt(sheet.n));
  const rows = Math.ceil(sheet.n / cols);
  const cell = Math.min(SIDE / (cols * sheet.width), SIDE / (rows * sheet.height));
  const [w, h] = [Math.round(cols * sheet.width * cell), Math.round(rows * sheet.height * cell)];
  return (
    <div className="overlay" data-testid="image-lightbox" onClick={closeLightbox}>
      <div className="overlay-card lightbox-card" onClick={(e) => e.stopPropagation()}>
        <header>
          <h2>{title || (preview.kind === 'replay' ? 'Denoising replay' : 'Images')}</h2>
          <button className="icon" onClick={closeLightbox} aria-label="Close">
            ×
          </button>
        </header>
        {preview.kind === 'replay' && <p className="muted small">top row: the states x_t · bottom row: Tweedie’s guess x̂₀ of the clean image at the same time</p>}
        <PreviewCanvas preview={sheet} width={w} height={h} large zoomable={false} testId="lightbox-canvas" />
        {preview.kind === 'replay' && (
          <div className="lightbox-scrub">
            <span className="muted">noise</span>
            <input
              type="range"
              min={0}
              max={preview.k - 1}
              step={1}
              value={frame}
              data-testid="replay-slider"
              aria-label={`Time ${preview.timeLabel}`}
              onChange={(e) => useLightbox.setState({ frame: Number(e.target.value) })}
            />
            <span className="muted">samples</span>
            <output data-testid="replay-t" data-frame={frame}>
              {preview.timeLabel} = {formatT(preview.times[frame], preview.timeLabel)}
            </output>
          </div>
        )}
        <p className="muted small">
          {sheet.n} images of {sheet.width}×{sheet.height} pixels{preview.kind === 'replay' ? ` · frame ${frame + 1} of ${preview.k} (← → to step)` : ''} · Esc closes
        </p>
      </div>
    </div>
  );
}
