import { LIMITS } from '../engine/format';
import { parseGraphFile } from '../engine/load';
import { parseJsonText } from '../engine/parse-json';
import type { NodeRegistry } from '../engine/registry';
import { graphCacheKeys } from './cache-keys';
import { refuse, WARNING_CODES, type ImportIssue, type ImportResult } from './issues';
import { decodeWeightsBlock, WEIGHTS_TEXT_CHARS, type WeightsEntry } from './weights-block';

export interface ImportOptions {
  /** The node types to validate against: the page's (src/editor/registry.ts) or the full registry (nodes/). */
  registry: NodeRegistry;
}

/**
 * Read a graph file's text: JSON, format and version (older ones migrated, newer
 * refused), the strict schema, the node types, edges and cycles (src/engine/load.ts),
 * and the optional weights block. Every problem comes back with its JSON path. Touches
 * no storage: the caller stores the graph as a new one.
 *
 * Unconnected inputs (a half-built graph, which the editor saves) and weights that no
 * node of the graph would use are warnings, not errors; unused weights are dropped.
 */
export function importGraphFile(text: string, options: ImportOptions): ImportResult {
  const { registry } = options;
  // The one parse of the text: size, byte-order mark, nesting depth, then JSON (src/engine/parse-json.ts).
  const parsed = parseJsonText(text, LIMITS.fileBytes + WEIGHTS_TEXT_CHARS);
  if (!parsed.ok) return refuse(parsed.issue);
  const data = parsed.data;
  const hasWeights = !!data && typeof data === 'object' && !Array.isArray(data) && Object.hasOwn(data, 'weights');
  if (!hasWeights) {
    if (text.length > LIMITS.fileBytes) return refuse({ code: 'too-large', path: [], message: `the file is ${(text.length / 2 ** 20).toFixed(1)} MiB; graph files may be at most ${LIMITS.fileBytes / 2 ** 20} MiB` });
    return finish(parseGraphFile(data, registry), [], []);
  }

  const { weights, ...graphPart } = data as Record<string, unknown>;
  const graphChars = JSON.stringify(graphPart).length;
  if (graphChars > LIMITS.fileBytes) return refuse({ code: 'too-large', path: [], message: `the graph takes ${(graphChars / 2 ** 20).toFixed(1)} MiB without its weights; graph files may be at most ${LIMITS.fileBytes / 2 ** 20} MiB` });
  const decoded = decodeWeightsBlock(weights);
  const result = finish(parseGraphFile(graphPart, registry), decoded.entries, decoded.issues);
  if (!result.ok) return result;

  // Keep only weights some node of this graph would look up.
  const keys = new Map([...graphCacheKeys(result.graph, registry)].map(([id, key]) => [key, id]));
  const used = result.weights.filter((w) => keys.has(w.key));
  const stale: ImportIssue[] = result.weights
    .filter((w) => !keys.has(w.key))
    .map((w) => ({ code: 'stale-weights', path: ['weights', 'entries', w.key], node: w.node, message: `weights '${w.key}'${w.node ? ` (node '${w.node}')` : ''} match no node of this graph as it is now; they were left out` }));
  return { ...result, weights: used.map((w) => ({ ...w, node: keys.get(w.key) })), warnings: [...result.warnings, ...stale] };
}

function finish(parsed: ReturnType<typeof parseGraphFile>, weights: WeightsEntry[], weightIssues: ImportIssue[]): ImportResult {
  const all: ImportIssue[] = [...parsed.issues, ...weightIssues];
  const errors = all.filter((i) => !WARNING_CODES.has(i.code));
  if (!parsed.graph || errors.length) return { ok: false, issues: errors.length ? errors : all };
  return { ok: true, graph: parsed.graph, weights, warnings: all.filter((i) => WARNING_CODES.has(i.code)), ...(parsed.migratedFrom === undefined ? {} : { migratedFrom: parsed.migratedFrom }) };
}
