import type { GraphIssue } from '../../engine/errors';
import type { GraphFile } from '../../engine/format';
import { parseGraphFile } from '../../engine/load';
import { registry } from '../registry';
import { replaceGraph } from '../store/graph';
import { useRun } from '../store/run';
import { useUi } from '../store/ui';
import { setSelection } from '../store/view';

/**
 * Make `graph` the document (a file opened from storage, the gallery or an import):
 * history, selection and run results start afresh, and the view fits the new graph.
 */
export function openGraph(graph: GraphFile): void {
  replaceGraph(graph);
  setSelection([]);
  useRun.setState({ nodes: {}, outputs: {}, last: null });
  useUi.setState((s) => ({ fitRequest: s.fitRequest + 1, search: null }));
}

/**
 * Open graph-file text (or parsed JSON) after strict loading. A file with problems is
 * still opened when it parsed, so the problems can be fixed in the editor; they are
 * returned (each with its JSON path) for the caller to show.
 */
export function openGraphText(input: string | unknown): { opened: boolean; issues: GraphIssue[] } {
  const { graph, issues } = parseGraphFile(input, registry);
  if (graph) openGraph(graph);
  return { opened: graph !== null, issues };
}
