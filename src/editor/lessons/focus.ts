import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import { getGraph } from '../store/graph';
import { setSelection, useView } from '../store/view';
import { PANEL_WIDTH, useLessons } from './store';

/**
 * Centre the canvas on a node, in the part of the canvas the lessons panel leaves
 * visible, at a zoom where the node's width fits (never above 1), and select it.
 */
export function useFocusNode(): (id: string) => void {
  const rf = useReactFlow();
  return useCallback(
    (id: string) => {
      const node = getGraph().nodes.find((n) => n.id === id);
      const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
      if (!node || !pane) return;
      const size = useView.getState().measured[id];
      const w = size?.width ?? node.width ?? 300;
      const h = size?.height ?? node.height ?? 200;
      const covered = useLessons.getState().open ? (document.querySelector('.lessons-panel')?.getBoundingClientRect().width ?? PANEL_WIDTH) : 0;
      const visible = Math.max(200, pane.width - covered);
      const zoom = Math.min(1, Math.max(0.3, (visible - 80) / w), Math.max(0.3, (pane.height - 80) / h));
      // Shift the centre left by half the covered width (in flow units) so the node sits mid-visible.
      const cx = node.position.x + w / 2 - covered / 2 / zoom;
      const cy = node.position.y + Math.min(h, (pane.height - 80) / zoom) / 2;
      void rf.setCenter(cx, cy, { zoom, duration: 350 });
      setSelection([id]);
      useLessons.setState({ activeNote: id });
    },
    [rf],
  );
}
