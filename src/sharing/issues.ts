import type { GraphIssue, GraphIssueCode } from '../engine/errors';
import type { GraphFile } from '../engine/format';
import type { WeightsEntry } from './weights-block';

/** Problems sharing adds to the engine's: a bad weights block, a bad or oversized share link. */
export type SharingIssueCode = GraphIssueCode | 'invalid-weights' | 'stale-weights' | 'not-a-share-link' | 'invalid-link' | 'link-too-large';

export interface ImportIssue extends Omit<GraphIssue, 'code'> {
  code: SharingIssueCode;
}

export interface ImportedGraph {
  /** The validated graph (defaults filled in, migrated to the current format version). */
  graph: GraphFile;
  /** Trained weights that travelled in the file's weights block, keyed by their cache keys. */
  weights: WeightsEntry[];
  /** The file's format version, when it was migrated. */
  migratedFrom?: number;
  /** Problems that do not stop the import: unconnected inputs of a half-built graph, weights that no node uses. */
  warnings: ImportIssue[];
}

export type ImportResult = ({ ok: true } & ImportedGraph) | { ok: false; issues: ImportIssue[] };

/**
 * Issue codes that describe a graph still being built, not a broken file: the editor
 * saves such graphs, so an export of one must import again.
 */
export const WARNING_CODES: ReadonlySet<SharingIssueCode> = new Set(['missing-input', 'stale-weights']);

export const refuse = (issue: ImportIssue): ImportResult => ({ ok: false, issues: [issue] });
