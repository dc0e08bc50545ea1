import { create } from 'zustand';

export interface Size {
  width: number;
  height: number;
}

/** View state kept out of the document and its history: selection and measured sizes. */
export interface ViewState {
  selectedNodes: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  measured: Readonly<Record<string, Size>>;
}

export const useView = create<ViewState>()(() => ({
  selectedNodes: new Set<string>(),
  selectedEdges: new Set<string>(),
  measured: {},
}));

export function setSelection(nodes: Iterable<string>, edges: Iterable<string> = []): void {
  useView.setState({ selectedNodes: new Set(nodes), selectedEdges: new Set(edges) });
}

/** The one selected node, when exactly one is selected. */
export function useSingleSelection(): string | null {
  return useView((s) => (s.selectedNodes.size === 1 ? [...s.selectedNodes][0] : null));
}
