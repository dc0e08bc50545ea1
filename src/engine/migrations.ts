/**
 * Migrations of the graph file format, one per version step: MIGRATIONS[n] turns a
 * version-n file into a version-(n+1) file. Keep every step forever; add one when the
 * format changes meaning, and bump GRAPH_VERSION in format.ts.
 *
 * Version 1 is the first published format, so there is nothing to migrate yet; a
 * node type's own params migrate through its `migrate` (see validate.ts).
 */
import { GRAPH_VERSION } from './format';

type FileJson = Record<string, unknown>;

export const MIGRATIONS: Record<number, (file: FileJson) => FileJson> = {};

export function migrateFile(file: FileJson, from: number): { file: FileJson } | { error: string } {
  let current = structuredClone(file);
  for (let v = from; v < GRAPH_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) return { error: `format version ${from} is not one this app can migrate (it reads versions 1 to ${GRAPH_VERSION})` };
    current = step(current);
  }
  return { file: { ...current, version: GRAPH_VERSION } };
}
