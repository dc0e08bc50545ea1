import manifest, { migrations } from 'virtual:node-manifest';
import type { AnyNodeDef, Category } from '../engine/node';
import { pageRegistry } from '../manifest/page-defs';
import type { NodeTypeEntry } from '../manifest/types';

/**
 * The node registry the editor reads ports, params and docs from, built from the node
 * manifest (src/manifest/): the implementations run in the worker only.
 */
export const registry = pageRegistry(manifest, migrations);

/** Every node type, in palette order. */
export const allNodeDefs: readonly AnyNodeDef[] = registry.all();

const entries = new Map(manifest.nodes.map((n) => [n.type, n]));

/** What the manifest says of a node type beyond its definition's shape (expands, persists…). */
export function manifestEntry(type: string): NodeTypeEntry | undefined {
  return entries.get(type);
}

export function nodeDef(type: string): AnyNodeDef | undefined {
  return registry.get(type);
}

/** The version a new node of this type is saved with: its definition's, never a literal. */
export function currentTypeVersion(type: string): number {
  const def = registry.get(type);
  if (!def) throw new Error(`unknown node type '${type}'`);
  return def.version;
}

/** Palette order of the categories, and their accent colours. */
export const CATEGORY_ORDER: Category[] = ['data', 'noise', 'schedule', 'forward', 'measure', 'score', 'model', 'train', 'loss', 'vae', 'sampler', 'step', 'loop', 'metric', 'view', 'note'];

export const CATEGORY_COLORS: Record<Category, string> = {
  data: '#38b2ac',
  noise: '#718096',
  schedule: '#d69e2e',
  forward: '#4299e1',
  measure: '#2c7a7b',
  score: '#e53e3e',
  model: '#9f7aea',
  train: '#805ad5',
  loss: '#b794f4',
  vae: '#ed64a6',
  sampler: '#48bb78',
  step: '#68d391',
  loop: '#81e6d9',
  metric: '#f6ad55',
  view: '#63b3ed',
  note: '#ecc94b',
};

/** Every node type grouped by category, in palette order. */
export function paletteGroups(defs: readonly AnyNodeDef[] = allNodeDefs): { category: Category; defs: AnyNodeDef[] }[] {
  return CATEGORY_ORDER.map((category) => ({ category, defs: defs.filter((d) => d.category === category) })).filter((g) => g.defs.length > 0);
}
