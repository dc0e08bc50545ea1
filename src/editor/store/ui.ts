import { create } from 'zustand';
import type { PortType } from '../../engine/ports';

export interface Toast {
  id: number;
  kind: 'info' | 'error';
  text: string;
  /** Screen position: the toast is drawn there (a refused connection), else at the bottom. */
  at?: { x: number; y: number };
}

/** What the node search box is for: adding anywhere, or completing a dragged connection. */
export interface SearchState {
  screen: { x: number; y: number };
  flow: { x: number; y: number };
  /** Set when an edge was dropped on empty canvas: only nodes that fit are offered. */
  pending?: { node: string; port: string; from: 'source' | 'target'; type: PortType };
}

export interface UiState {
  toasts: Toast[];
  search: SearchState | null;
  help: boolean;
  results: boolean;
  /** Bumped to ask the canvas to fit the view (after opening a graph). */
  fitRequest: number;
}

export const useUi = create<UiState>()(() => ({ toasts: [], search: null, help: false, results: true, fitRequest: 0 }));

let nextToast = 1;

export function showToast(text: string, kind: Toast['kind'] = 'info', at?: Toast['at'], ms = 4000): void {
  const id = nextToast++;
  useUi.setState((s) => ({ toasts: [...s.toasts.slice(-4), { id, kind, text, at }] }));
  setTimeout(() => dismissToast(id), ms);
}

export function dismissToast(id: number): void {
  useUi.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}
