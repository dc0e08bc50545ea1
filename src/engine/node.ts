import type { z } from 'zod';
import type { SamplerCapabilities, ScheduleCapabilities } from './capabilities';
import type { RunContext } from './context';
import type { InputShapes, WorkEstimate } from './estimate';
import type { Persist } from './persist';
import type { PortValues } from './port-values';
import type { PortDecl, PortType } from './ports';

export type Category =
  | 'data'
  | 'noise'
  | 'schedule'
  | 'forward'
  | 'measure'
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

/** The port types a declaration admits: its type and the types it `accepts`. */
type AdmittedTypes<D> = D extends PortType
  ? D
  : (D extends { readonly type: infer T extends PortType } ? T : never) | (D extends { readonly accepts: readonly (infer A extends PortType)[] } ? A : never);

/** `undefined` when the declaration may be left unconnected (`optional: true`, or a boolean not known here). */
type Absent<D> = D extends { readonly optional: boolean } ? (D extends { readonly optional: false } ? never : undefined) : never;

/** The value `run` gets on an input declared as D (checked by the executor before `run`). */
export type InputValue<D> = PortValues[AdmittedTypes<D>] | Absent<D>;

/** The values `run` gets, typed from the declared input ports. */
export type InputValues<I> = { -readonly [K in keyof I]: InputValue<I[K]> };

/**
 * A node type: declarative data plus one pure `run`. `run` uses tfjs only, reads
 * `ctx.signal` between steps, draws randomness only from `ctx.seed`, and leaves no
 * tensors behind but its outputs (never an input tensor itself: `tf.clone` it).
 */
export interface NodeDef<P extends z.ZodType = z.ZodType, I extends Record<string, PortDecl> = Record<string, PortDecl>> {
  type: string;
  version: number;
  title: string;
  category: Category;
  inputs: I;
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
  /** Schedules: the path they produce (required of category 'schedule'; contract.test.ts). */
  schedule?: ScheduleCapabilities;
  /** Samplers: the schedule they walk, whether they draw noise, their loop of steps (required of category 'sampler'). */
  sampler?: SamplerCapabilities<z.output<P>>;
  /**
   * Work and memory from params and input shapes, before the run (src/engine/estimate.ts):
   * required of every node whose work grows with its params (nodes/lib/estimates.ts has helpers).
   */
  estimate?: (params: z.output<P>, inputs: InputShapes) => WorkEstimate;
  /** `inputs` hold values that passed their ports' guards (port-values.ts): no casts needed. */
  run(inputs: InputValues<I>, params: z.output<P>, ctx: RunContext): Promise<Values> | Values;
}

export type AnyNodeDef = NodeDef<z.ZodType>;

/** A node type; `const I` keeps the port literals so `run`'s inputs are typed from them. */
export function defineNode<P extends z.ZodType, const I extends Record<string, PortDecl>>(def: NodeDef<P, I>): NodeDef<P, I> {
  return def;
}
