import type { z } from 'zod';
import type { RunContext } from './context';
import type { Persist } from './persist';
import type { PortDecl, PortType } from './ports';

export type Category =
  | 'data'
  | 'noise'
  | 'schedule'
  | 'forward'
  | 'score'
  | 'model'
  | 'train'
  | 'loss'
  | 'sampler'
  | 'step'
  | 'loop'
  | 'vae'
  | 'metric'
  | 'view'
  | 'note';

export interface NodeDocs {
  /** One or two sentences: what the node does. */
  summary: string;
  /** The defining equation as KaTeX source. */
  equation?: string;
  /** Where the tutorial (Chan, "Diffusion Models for Imaging and Vision") treats it, or another source. */
  reference?: string;
  /** Longer notes: conventions, defaults and their origin. Markdown. */
  notes?: string;
}

export type Values = Record<string, unknown>;

/**
 * A node type: declarative data plus one pure `run`. `run` uses tfjs only, reads
 * `ctx.signal` between steps, draws randomness only from `ctx.seed`, and leaves no
 * tensors behind but its outputs (never an input tensor itself: `tf.clone` it).
 */
export interface NodeDef<P extends z.ZodType = z.ZodType> {
  type: string;
  version: number;
  title: string;
  category: Category;
  inputs: Record<string, PortDecl>;
  outputs: Record<string, PortDecl>;
  params: P;
  docs: NodeDocs;
  /** Param names shown on the node itself (the inspector shows all). */
  mainParams?: readonly string[];
  /** Upgrade params saved by an older `version` of this node type. */
  migrate?: (params: Record<string, unknown>, fromVersion: number) => Record<string, unknown>;
  /**
   * Loop nodes carry a body (a nested graph in the file's `body` field): the values the
   * loop feeds into it each pass, by name and type, and the type of the value it reads back.
   * `run` gets the compiled body as `ctx.body`.
   */
  body?: { provides: Record<string, PortType>; returns: PortType };
  /** Training nodes: how their result is saved to and restored from the weight store. */
  persist?: Persist;
  /** Nodes that only document (notes) are never run. */
  passive?: boolean;
  run(inputs: Values, params: z.output<P>, ctx: RunContext): Promise<Values> | Values;
}

export type AnyNodeDef = NodeDef<z.ZodType>;

export function defineNode<P extends z.ZodType>(def: NodeDef<P>): NodeDef<P> {
  return def;
}
