import { create } from 'zustand';
import type { Anchors } from './body-graph';

/**
 * Which loop body the canvas shows (the loop node's id, or null for the graph itself) and
 * where its inputs and output nodes are drawn. View state: not in the file or its history.
 */
export interface LoopsState {
  scope: string | null;
  anchors: Anchors | null;
  /** The node context menu, open at a screen point. */
  menu: { node: string; x: number; y: number } | null;
}

export const useLoops = create<LoopsState>()(() => ({ scope: null, anchors: null, menu: null }));
