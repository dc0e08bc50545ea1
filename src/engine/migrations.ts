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

/** One named step of a node type's params migration: saved by version `from`, upgraded to `from + 1`. */
export interface ParamsMigrationStep {
  from: number;
  /** What changed, e.g. 'betaMax renamed betaEnd'. */
  name: string;
  up(params: Record<string, unknown>): Record<string, unknown>;
}

/** A node type's `migrate`, built from named steps, which it keeps for tests and the contract check. */
export type ParamsMigration = ((params: Record<string, unknown>, fromVersion: number) => Record<string, unknown>) & { steps: readonly ParamsMigrationStep[] };

/**
 * Migrate params (tldraw style): apply every step from the saved version up, in order, each on a
 * copy. A type's `version` is its last step's `from` + 1; every step is kept forever.
 */
export function paramsMigration(steps: readonly ParamsMigrationStep[]): ParamsMigration {
  const sorted = [...steps].sort((a, b) => a.from - b.from);
  sorted.forEach((s, k) => {
    if (s.from !== k + 1) throw new Error(`migration steps must start at version 1 and follow each other; step '${s.name}' is from ${s.from}, expected ${k + 1}`);
  });
  const migrate = (params: Record<string, unknown>, fromVersion: number) => sorted.filter((s) => s.from >= fromVersion).reduce((p, s) => s.up(structuredClone(p)), params);
  return Object.assign(migrate, { steps: sorted });
}
