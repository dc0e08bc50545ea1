import { formatIssue } from '../../engine/errors';
import { parseGraphFile } from '../../engine/load';
import type { GraphRecord } from '../../storage/types';
import { openGraph } from '../actions/open-graph';
import { registry } from '../registry';
import { showToast } from '../store/ui';
import { emptyGraph } from './session';
import { showLibrary, useLibrary } from './store';

/**
 * Why a stored graph cannot be opened, or null: the strict schema of the file format
 * (a graph stored before a rule existed, or planted, e.g. a node id `constructor`).
 * Problems the editor can show and fix (a missing input, a bad param) do not count.
 */
export function whyUnshowable(file: unknown): string | null {
  try {
    const { graph, issues } = parseGraphFile(file, registry);
    return graph ? null : issues.length ? formatIssue(issues[0]) : 'not a graph file';
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * The start when the last graph cannot be shown: the app opens on an empty graph (not
 * stored until edited), the library shows, and the graph stays there to export or
 * delete (issue 17, finding 1: every reload used to stay blank).
 */
export function openInsteadOf(record: GraphRecord, why: string): void {
  useLibrary.setState({ openId: null, status: 'ready' });
  openGraph(emptyGraph());
  showLibrary('graphs');
  showToast(`The graph “${record.name}” could not be opened (${why}). It is kept in the library: export or delete it there.`, 'error');
}
