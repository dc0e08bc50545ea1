import type { Category, NodeDocs } from '../engine/node';
import type { PortSpec, PortType } from '../engine/ports';

/**
 * The node manifest: what the page knows of every node type, as plain JSON built from
 * the registry at build time (src/manifest/vite-plugin.ts). The editor, palette, search
 * box, inspector, docs and sharing read it; the implementations (tfjs, the WASM
 * kernels) load only in the worker.
 */
export interface NodeManifest {
  format: 'diffusion-graph-lab/node-manifest';
  version: 1;
  nodes: NodeTypeEntry[];
}

/** A JSON Schema (draft 2020-12) as z.toJSONSchema writes it. */
export type JsonSchema = Record<string, unknown>;

export interface NodeTypeEntry {
  type: string;
  version: number;
  title: string;
  category: Category;
  inputs: Record<string, PortSpec>;
  outputs: Record<string, PortSpec>;
  /** The params' input schema (fields with defaults are optional), from z.toJSONSchema. */
  params: JsonSchema;
  /** `params.parse({})`: the params a new node starts with. */
  defaults: Record<string, unknown>;
  docs: NodeDocs;
  mainParams?: string[];
  body?: { provides: Record<string, PortType>; returns: PortType };
  passive?: boolean;
  /** The node's result is saved to and restored from the weight store. */
  persists?: boolean;
  /** The definition upgrades params saved by older versions (runs in the worker only). */
  migrates?: boolean;
  /** A whole sampler the editor can expand into a loop of its step nodes (the worker does it). */
  expands?: boolean;
  /** Further plain-data fields of the definition (capabilities…), copied as they are. */
  extra?: Record<string, unknown>;
  /** Further fields of the definition that hold code: present only in the worker. */
  workerOnly?: string[];
}
