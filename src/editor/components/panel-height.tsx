import { useCallback, useState, type PointerEvent, type ReactNode } from 'react';

const KEY = 'dgl.results-height';
const MIN = 120;
/** At most this share of the window: the canvas keeps the rest. */
const MAX_SHARE = 0.75;

function initial(): number {
  try {
    const v = Number(localStorage.getItem(KEY));
    if (Number.isFinite(v) && v >= MIN) return v;
  } catch {
    // no storage: the default
  }
  return Math.round(Math.min(300, Math.max(190, window.innerHeight * 0.3)));
}

/**
 * The results panel's height and the handle on its top edge that drags it (kept per
 * browser); a double-click on the handle toggles between the default and a tall panel.
 */
export function usePanelHeight(): { height: number; handle: ReactNode } {
  const [height, setHeight] = useState(initial);
  const set = useCallback((h: number) => {
    const clamped = Math.round(Math.min(window.innerHeight * MAX_SHARE, Math.max(MIN, h)));
    setHeight(clamped);
    try {
      localStorage.setItem(KEY, String(clamped));
    } catch {
      // not kept
    }
  }, []);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    const startY = e.clientY;
    const start = height;
    const target = e.currentTarget;
    target.setPointerCapture(e.pointerId);
    const move = (ev: globalThis.PointerEvent) => set(start + (startY - ev.clientY));
    const up = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
  };
  const handle = (
    <div
      className="results-resize"
      data-testid="results-resize"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the results panel"
      title="Drag to resize; double-click for a tall panel"
      onPointerDown={onPointerDown}
      onDoubleClick={() => set(height < window.innerHeight * 0.5 ? window.innerHeight * 0.6 : 240)}
    />
  );
  return { height, handle };
}
