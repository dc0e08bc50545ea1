import type { GraphFile } from '../engine/format';

/** Library bookkeeping of a graph. `name`/`description` mirror the file's. */
export interface GraphMeta {
  id: string;
  name: string;
  description: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  updatedAt: number;
  /** Set when the graph is in the trash (soft delete); restore clears it. */
  deletedAt?: number;
}

/** A stored graph: the graph file plus its bookkeeping. */
export interface GraphRecord extends GraphMeta {
  file: GraphFile;
}

/** What the library list shows: the bookkeeping and the size, without the file. */
export interface GraphSummary extends GraphMeta {
  nodeCount: number;
}

/** One tensor of a trained model: row-major float32 values and their shape. */
export interface WeightTensor {
  shape: number[];
  data: Float32Array;
}

/** Trained weights as a node hands them over: named tensors plus the config that rebuilds the model. */
export interface WeightsInput {
  tensors: Record<string, WeightTensor>;
  /** JSON-safe description of the model (layer sizes, activation…), as the training node defines it. */
  config: Record<string, unknown>;
}

/** Stored weights, keyed by the cache key of the node that trained them (src/engine/planner.ts). */
export interface WeightsRecord extends WeightsInput {
  key: string;
  /** Sum of the tensors' byte lengths. */
  byteSize: number;
  createdAt: number;
}

export interface SettingRecord {
  key: string;
  value: unknown;
}

/**
 * The known settings and their value types. The editor may add its own keys with
 * declaration merging: `declare module '../storage/types' { interface KnownSettings { … } }`.
 */
export interface KnownSettings {
  /** The graph open when the tab was last used; reopened on load. */
  lastGraphId: string;
  /** The backend the user forced, or 'auto'. */
  backend: 'auto' | 'webgpu' | 'wasm' | 'webgl' | 'cpu';
  /** How the library list is sorted. */
  librarySort: GraphSort;
}

export type GraphSort = 'updated-desc' | 'updated-asc' | 'created-desc' | 'created-asc' | 'name-asc' | 'name-desc';

export interface ListQuery {
  /** Words that must all appear (case-insensitive) in the name or description. */
  search?: string;
  sort?: GraphSort;
}
