import { LIMITS } from '../../engine/format';
import { decodeGraphBytes } from '../../engine/parse-json';
import type { Example } from '../../sharing/examples';
import { importGraphFile } from '../../sharing/import';
import type { ImportIssue, ImportResult } from '../../sharing/issues';
import { decodeShareLink } from '../../sharing/share-link';
import { WEIGHTS_TEXT_CHARS } from '../../sharing/weights-block';
import { storeImport, type LibraryImport } from '../../storage/library-io';
import { openGraph } from '../actions/open-graph';
import { registry } from '../registry';
import { graphHistory } from '../store/graph';
import { showToast } from '../store/ui';
import { lib, reportStorageError, showRecord } from './session';
import { useLibrary } from './store';

/** Where a graph comes from, for the messages: "the file “x.json”", "the share link", "the example “…”". */
export interface Source {
  what: string;
  /** What to do when it cannot be read. */
  hint: string;
}

const FILE_HINT = 'Nothing was stored and no graph was changed. Fix the file (each problem names its place as a JSON path) or ask for a new export.';

function summary(imported: { migratedFrom?: number; warnings: ImportIssue[] }): string {
  const notes = [];
  if (imported.migratedFrom !== undefined) notes.push(`updated from format version ${imported.migratedFrom}`);
  if (imported.warnings.length) notes.push(`${imported.warnings.length} note${imported.warnings.length > 1 ? 's' : ''}: ${imported.warnings[0].message}${imported.warnings.length > 1 ? '…' : ''}`);
  return notes.length ? ` (${notes.join('; ')})` : '';
}

/** Without storage the only graph is the one in this tab: ask before replacing edits. */
function mayReplaceInMemory(): boolean {
  if (!graphHistory.getState().pastStates.length) return true;
  return window.confirm('The library is unavailable, so this tab’s graph is not saved. Replace it? (Export it first to keep it.)');
}

/**
 * Validate, store as a new graph and open it; or show every problem with its JSON path.
 * Storage never changes on a bad file. Without storage the graph opens in memory.
 */
async function finishImport(validated: ImportResult | Promise<ImportResult>, source: Source, opened: (name: string) => string): Promise<boolean> {
  const result = await validated;
  if (!result.ok) {
    useLibrary.setState({ issues: { title: `Could not open ${source.what}`, hint: source.hint, issues: result.issues } });
    return false;
  }
  if (useLibrary.getState().status === 'memory') {
    if (!mayReplaceInMemory()) return false;
    openGraph(result.graph);
    showToast(`${opened(result.graph.name)}, in this tab only (the library is unavailable)${summary(result)}`);
    return true;
  }
  const stored: LibraryImport = await storeImport(lib(), result);
  if ('error' in stored) {
    reportStorageError(stored.error);
    return false;
  }
  if (!stored.ok) return false; // storeImport passes validation issues through, and there were none.
  showRecord(stored.record);
  showToast(`${opened(stored.record.name)}${summary(stored)}`);
  return true;
}

/** Import graph-file text (file picker, drop) as a new graph. */
export function importText(text: string, fileName: string): Promise<boolean> {
  return finishImport(importGraphFile(text, { registry }), { what: `the file “${fileName}”`, hint: FILE_HINT }, (name) => `Imported “${name}” as a new graph`);
}

/** Import a File: its size is checked before a byte is read (a 50 MiB drop used to crash the tab), then its bytes decoded. */
export async function importFile(file: File): Promise<boolean> {
  const max = LIMITS.fileBytes + WEIGHTS_TEXT_CHARS;
  if (file.size > max) {
    const issue: ImportIssue = { code: 'too-large', path: [], message: `the file is ${(file.size / 2 ** 20).toFixed(1)} MiB, too large to be a graph file (at most ${(max / 2 ** 20).toFixed(0)} MiB with weights)` };
    useLibrary.setState({ issues: { title: `Could not open the file “${file.name}”`, hint: FILE_HINT, issues: [issue] } });
    return false;
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (error) {
    showToast(`Could not read “${file.name}”: ${error instanceof Error ? error.message : String(error)}`, 'error');
    return false;
  }
  // Decoded as the CLI decodes a file (BOM, UTF-16, invalid UTF-8 refused: src/engine/parse-json.ts).
  const decoded = decodeGraphBytes(bytes, max);
  if (!decoded.ok) {
    useLibrary.setState({ issues: { title: `Could not open the file “${file.name}”`, hint: FILE_HINT, issues: [decoded.issue] } });
    return false;
  }
  return importText(decoded.text, file.name);
}

/** Open a share link (a fragment or URL) as a new graph. */
export function openSharedLink(hash: string): Promise<boolean> {
  const source = { what: 'the share link', hint: 'Nothing was stored. Ask for the link again, or for the exported .json file.' };
  const opened = (name: string) => `Opened the shared graph “${name}” as a new graph`;
  // decodeShareLink + storeImport is the library's openShareLink, with the in-memory fallback.
  return finishImport(decodeShareLink(hash, { registry }), source, opened);
}

/** Open a private copy of an example or lesson: edits never touch graphs/. */
export function openExample(example: Example): Promise<boolean> {
  return finishImport(importGraphFile(example.text, { registry }), { what: `the example “${example.name}”`, hint: 'This is a bug in the app: the example files are checked by the tests.' }, (name) => `Opened a copy of the example as “${name}”`);
}
