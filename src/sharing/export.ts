import type { GraphFile } from '../engine/format';
import { orderGraphFile } from './key-order';
import { encodeWeightsBlock, type WeightsEntry } from './weights-block';

export interface ExportOptions {
  /** Trained weights to embed as the `weights` block (README.md); none by default. */
  weights?: readonly WeightsEntry[];
}

/**
 * The graph as a graph file: pretty-printed (2 spaces, final newline), keys in the
 * format's order (key-order.ts), positions included, weights only when given.
 */
export function exportGraphFile(graph: GraphFile, options: ExportOptions = {}): string {
  const value = orderGraphFile(graph) as Record<string, unknown>;
  if (options.weights?.length) value.weights = encodeWeightsBlock(options.weights);
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** The same file on one line, no weights: what a share link compresses. */
export function compactGraphJson(graph: GraphFile): string {
  return JSON.stringify(orderGraphFile(graph));
}

/** A file name for the download: the graph's name as a slug, `.json`. */
export function exportFileName(graph: Pick<GraphFile, 'name'>): string {
  const slug = graph.name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${slug || 'graph'}.json`;
}
