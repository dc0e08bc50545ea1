import type { GraphFile } from '../engine/format';
import type { NodeRegistry } from '../engine/registry';
import { graphCacheKeys } from '../sharing/cache-keys';
import { exportGraphFile } from '../sharing/export';
import { importGraphFile, type ImportOptions } from '../sharing/import';
import type { ImportIssue, ImportResult } from '../sharing/issues';
import { decodeShareLink } from '../sharing/share-link';
import type { WeightsEntry } from '../sharing/weights-block';
import { attempt, type StorageError, type StorageResult } from './errors';
import type { LabStorage } from './storage';
import type { GraphRecord } from './types';

/**
 * Between the library and files: import (file, drop, share link, example) always as a
 * NEW graph, with its weights, in one transaction, so a failure leaves the library as it
 * was; export with the graph's stored weights when the user asks for them.
 */
export type LibraryImport =
  | { ok: true; record: GraphRecord; weightsStored: number; migratedFrom?: number; warnings: ImportIssue[] }
  /** The file is not a valid graph: every problem with its JSON path. Nothing was stored. */
  | { ok: false; issues: ImportIssue[] }
  /** The file was valid but storing it failed. Nothing was stored. */
  | { ok: false; error: StorageError };

/** Store a successful import as a new graph (a name in use gets " (2)") with its weights. */
export async function storeImport(storage: LabStorage, imported: ImportResult): Promise<LibraryImport> {
  if (!imported.ok) return imported;
  const { db } = storage;
  const stored = await attempt('import the graph', () =>
    db.transaction('rw', db.graphs, db.weights, async () => {
      const created = await storage.graphs.create(imported.graph);
      if (!created.ok) throw created.error;
      for (const w of imported.weights) {
        const put = await storage.weights.put(w.key, { tensors: w.tensors, config: w.config });
        if (!put.ok) throw put.error;
      }
      return created.value;
    }),
  );
  if (!stored.ok) return stored;
  return { ok: true, record: stored.value, weightsStored: imported.weights.length, warnings: imported.warnings, ...(imported.migratedFrom === undefined ? {} : { migratedFrom: imported.migratedFrom }) };
}

/** Import a graph file's text (file picker, drop on the canvas, example) as a new graph. */
export function importFileToLibrary(storage: LabStorage, text: string, options: ImportOptions): Promise<LibraryImport> {
  return storeImport(storage, importGraphFile(text, options));
}

/** Open a share link (location.hash or a URL) as a new graph. */
export async function openShareLink(storage: LabStorage, hashOrUrl: string, options: ImportOptions): Promise<LibraryImport> {
  return storeImport(storage, await decodeShareLink(hashOrUrl, options));
}

/** The stored trained weights of this graph's nodes, ready for exportGraphFile({ weights }). */
export async function collectGraphWeights(storage: LabStorage, graph: GraphFile, registry: NodeRegistry): Promise<StorageResult<WeightsEntry[]>> {
  const keys = graphCacheKeys(graph, registry);
  const nodeOf = new Map([...keys].map(([id, key]) => [key, id]));
  const found = await storage.weights.getMany([...nodeOf.keys()]);
  if (!found.ok) return found;
  return { ok: true, value: found.value.map((r) => ({ key: r.key, node: nodeOf.get(r.key), tensors: r.tensors, config: r.config })) };
}

/** The export text of a graph with its trained weights embedded (README in src/sharing). */
export async function exportWithWeights(storage: LabStorage, graph: GraphFile, registry: NodeRegistry): Promise<StorageResult<string>> {
  const weights = await collectGraphWeights(storage, graph, registry);
  return weights.ok ? { ok: true, value: exportGraphFile(graph, { weights: weights.value }) } : weights;
}
