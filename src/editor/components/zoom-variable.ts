import { useStoreApi } from '@xyflow/react';
import { useEffect } from 'react';

/**
 * Keeps `--inv-zoom` (1 / zoom) on the canvas element, written straight to the DOM on every
 * viewport change (no React render): far-zoom titles use it to keep a legible size on
 * screen, `calc(12px * var(--inv-zoom))`, whatever the zoom.
 */
export function useInverseZoomVariable(): void {
  const store = useStoreApi();
  useEffect(() => {
    let last = 0;
    const write = (zoom: number) => {
      if (zoom === last) return;
      last = zoom;
      const el = document.querySelector<HTMLElement>('.canvas');
      el?.style.setProperty('--inv-zoom', String(1 / zoom));
    };
    write(store.getState().transform[2]);
    return store.subscribe((s) => write(s.transform[2]));
  }, [store]);
}
