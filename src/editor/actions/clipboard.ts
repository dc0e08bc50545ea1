import { GRAPH_FORMAT, GRAPH_VERSION, type GraphFile, type GraphNode } from '../../engine/format';
import { parseGraphFile } from '../../engine/load';
import { edgeId, uniqueNodeId } from '../graph/ids';
import { without } from '../graph/ops';
import { getScoped, updateScoped } from '../loops/lens';
import { nodeDef } from '../registry';
import { getGraph } from '../store/graph';
import { showToast } from '../store/ui';
import { setSelection, useView } from '../store/view';

/** The last copied graph text: the fallback when the system clipboard cannot be read. */
let memory: string | null = null;
/** How often the same text was pasted: each paste lands one step further. */
let repeats = { text: '', count: 0 };

/** The selected nodes and the edges between them, as a graph file. */
export function selectionAsFile(): GraphFile | null {
  const ids = useView.getState().selectedNodes;
  const graph = getGraph();
  const scoped = getScoped();
  const nodes = scoped.nodes.filter((n) => ids.has(n.id));
  if (!nodes.length) return null;
  const edges = scoped.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  return { format: GRAPH_FORMAT, version: GRAPH_VERSION, name: `${graph.name} (excerpt)`, description: '', seed: graph.seed, nodes, edges, assertions: [] };
}

/** Copy the selection as graph-file JSON; returns the text (for a 'copy' event) or null. */
export function copySelection(): string | null {
  const file = selectionAsFile();
  if (!file) return null;
  memory = JSON.stringify(file, null, 2);
  globalThis.navigator?.clipboard?.writeText(memory).catch(() => undefined);
  return memory;
}

export function cutSelection(): string | null {
  const text = copySelection();
  if (text) {
    const { selectedNodes } = useView.getState();
    updateScoped((g) => without(g, selectedNodes));
  }
  return text;
}

/**
 * Paste graph-file JSON (from the clipboard, another tab, or the last copy): new ids,
 * shifted so it does not hide what it was copied from (or placed at `at`). One undo step.
 */
export function pasteText(text: string | null | undefined, at?: { x: number; y: number }): boolean {
  const source = text?.trim() ? text : memory;
  if (!source) return false;
  const { graph: file, issues } = parseGraphFile(source);
  if (!file) {
    if (text?.trim().startsWith('{')) showToast(`Cannot paste: ${issues[0]?.message ?? 'not a graph file'}`, 'error');
    return false;
  }
  const known = file.nodes.filter((n) => nodeDef(n.type));
  if (known.length < file.nodes.length) showToast(`Skipped ${file.nodes.length - known.length} node(s) of unknown type`, 'error');
  if (!known.length) return false;
  const graph = getScoped();
  const taken = new Set(graph.nodes.map((n) => n.id));
  const rename = new Map<string, string>();
  for (const n of known) {
    const id = uniqueNodeId(n.id, taken);
    taken.add(id);
    rename.set(n.id, id);
  }
  const minX = Math.min(...known.map((n) => n.position.x));
  const minY = Math.min(...known.map((n) => n.position.y));
  repeats = repeats.text === source ? { text: source, count: repeats.count + 1 } : { text: source, count: 1 };
  const shift = at ? { x: at.x - minX, y: at.y - minY } : { x: 40 * repeats.count, y: 40 * repeats.count };
  const nodes: GraphNode[] = known.map((n) => ({ ...n, id: rename.get(n.id)!, position: { x: n.position.x + shift.x, y: n.position.y + shift.y } }));
  const edgeIds = new Set(graph.edges.map((e) => e.id));
  const edges = file.edges
    .filter((e) => rename.has(e.source) && rename.has(e.target))
    .map((e) => {
      const c = { source: rename.get(e.source)!, sourcePort: e.sourcePort, target: rename.get(e.target)!, targetPort: e.targetPort };
      const id = edgeId(c, edgeIds);
      edgeIds.add(id);
      return { id, ...c };
    });
  updateScoped((g) => ({ ...g, nodes: [...g.nodes, ...nodes], edges: [...g.edges, ...edges] }));
  setSelection(nodes.map((n) => n.id));
  return true;
}

/** Duplicate the selection in place (shifted), leaving the clipboard alone. */
export function duplicateSelection(): void {
  const file = selectionAsFile();
  if (!file) return;
  pasteText(JSON.stringify(file));
}
