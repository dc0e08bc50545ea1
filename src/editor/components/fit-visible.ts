import type { ReactFlowInstance } from '@xyflow/react';
import type { GraphNode } from '../../engine/format';
import type { Box } from '../graph/free-space';
import { firstNoteFrame, fitViewport, unionBox, type VisibleArea } from '../graph/fit';
import { notesInOrder } from '../lessons/reading-order';
import { getScoped } from '../loops/lens';
import { useView } from '../store/view';

/** Sizes for nodes not measured yet (off screen while the canvas renders only what is visible). */
const GUESS = { node: { width: 256, height: 200 }, note: { width: 460, height: 400 } };

function boxOf(n: GraphNode): Box {
  const size = useView.getState().measured[n.id];
  const guess = n.type === 'note' ? GUESS.note : GUESS.node;
  return { ...n.position, width: size?.width ?? n.width ?? guess.width, height: size?.height ?? n.height ?? guess.height };
}

/** The canvas area not under the docked lessons panel. */
function visibleArea(): VisibleArea | null {
  const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
  if (!pane) return null;
  const panel = document.querySelector('.lessons-panel')?.getBoundingClientRect();
  const left = panel ? Math.max(0, Math.min(pane.width - 200, panel.right - pane.left)) : 0;
  return { left, width: pane.width - left, height: pane.height };
}

/**
 * Fit what the canvas shows into the part of it that is visible (right of the lessons panel
 * when it is open), never above 1×. `firstNote`: frame the first note in reading order and
 * the nodes it sits above (how a lesson opens), when there is a note.
 */
export function fitVisible(rf: Pick<ReactFlowInstance, 'setViewport'>, options: { duration?: number; firstNote?: boolean } = {}): void {
  const area = visibleArea();
  const nodes = getScoped().nodes;
  if (!area || !nodes.length) return;
  const note = options.firstNote ? notesInOrder({ nodes })[0] : undefined;
  const bounds = note
    ? firstNoteFrame(
        boxOf(note),
        nodes.filter((n) => n.type !== 'note').map(boxOf),
      )
    : unionBox(nodes.map(boxOf));
  void rf.setViewport(fitViewport(bounds, area, undefined, note ? 'top' : 'centre'), { duration: options.duration });
}
