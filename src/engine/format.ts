import { z } from 'zod';
import { isReservedName, RESERVED_MESSAGE } from './reserved-names';

/**
 * The graph file format (DESIGN.md): one JSON shape for the editor, IndexedDB,
 * exported files, examples and the CLI. Validation is strict (unknown keys are errors)
 * and bounded (no file may ask for unbounded memory just by being loaded).
 */
export const GRAPH_FORMAT = 'diffusion-graph-lab/graph';
export const GRAPH_VERSION = 1;

export const LIMITS = {
  fileBytes: 8 * 1024 * 1024,
  nodes: 2000,
  edges: 8000,
  idLength: 100,
  textLength: 20_000,
  /** Bytes of one node's params as JSON (a literal tensor, a note's text). */
  paramsBytes: 512 * 1024,
  /** Body ports one loop value may be bound to (a PC sampler's loop binds the level to each of its steps). */
  bodyBindings: 50,
} as const;

const id = z
  .string()
  .min(1, 'must not be empty')
  .max(LIMITS.idLength, `must be at most ${LIMITS.idLength} characters`)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'may hold only letters, digits and _ . : -')
  .refine((s) => !isReservedName(s), { error: (issue) => `'${String(issue.input)}' ${RESERVED_MESSAGE}` });

const portName = z
  .string()
  .min(1)
  .max(LIMITS.idLength)
  .refine((s) => !isReservedName(s), { error: (issue) => `'${String(issue.input)}' ${RESERVED_MESSAGE}` });

/** A record's own keys must not be Object.prototype names (checked before zod, which drops `__proto__` silently). */
function plainKeys<T extends z.ZodType>(schema: T) {
  return z.preprocess((value, ctx) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const key of Object.keys(value)) if (isReservedName(key)) ctx.issues.push({ code: 'custom', path: [key], message: `key '${key}' ${RESERVED_MESSAGE}`, input: value });
    }
    return value;
  }, schema);
}

export const PositionSchema = z.strictObject({ x: z.number().finite(), y: z.number().finite() });

const params = plainKeys(z.record(z.string(), z.unknown()))
  .superRefine((value, ctx) => {
    const bytes = JSON.stringify(value)?.length ?? 0;
    if (bytes > LIMITS.paramsBytes) {
      ctx.addIssue({ code: 'custom', message: `params take ${bytes} bytes as JSON; at most ${LIMITS.paramsBytes} are allowed` });
    }
  });

const BodyNodeSchema = z.strictObject({
  id,
  type: z.string().min(1).max(LIMITS.idLength),
  typeVersion: z.number().int().min(1),
  params: params.default({}),
  position: PositionSchema.default({ x: 0, y: 0 }),
  label: z.string().max(LIMITS.idLength).optional(),
  width: z.number().positive().max(5000).optional(),
  height: z.number().positive().max(5000).optional(),
});

/** A port of a body node: where a loop feeds a value in, or reads the next x out. */
export const BindingSchema = z.strictObject({ node: id, port: portName });

export const EdgeSchema = z.strictObject({
  id: z.string().min(1).max(2 * LIMITS.idLength),
  source: id,
  sourcePort: portName,
  target: id,
  targetPort: portName,
});

/**
 * The body of a loop node (`loop/levels`): a nested graph run once per pass. `inputs`
 * says which body ports receive each value the loop provides (its state `x`, the pass's
 * noise `level`, and the loop's own inputs such as `predictor` and `schedule`); `output`
 * is the body port whose value becomes the next x. Body nodes cannot hold bodies.
 */
export const BodySchema = z.strictObject({
  nodes: z.array(BodyNodeSchema).max(200),
  edges: z.array(EdgeSchema).max(800),
  inputs: plainKeys(z.record(z.string().max(LIMITS.idLength), z.array(BindingSchema).max(LIMITS.bodyBindings))),
  output: BindingSchema,
});

export const NodeSchema = BodyNodeSchema.extend({ body: BodySchema.optional() });

const bound = z.number().finite();
export const AssertionSchema = z
  .strictObject({
    node: id,
    port: portName,
    lt: bound.optional(),
    le: bound.optional(),
    gt: bound.optional(),
    ge: bound.optional(),
    /** |value − approx| ≤ tol */
    approx: bound.optional(),
    tol: z.number().positive().optional(),
    /** What the assertion claims, for reports. */
    claim: z.string().max(500).optional(),
  })
  .refine((a) => [a.lt, a.le, a.gt, a.ge, a.approx].some((v) => v !== undefined), 'an assertion needs at least one of lt, le, gt, ge, approx')
  .refine((a) => (a.approx === undefined) === (a.tol === undefined), 'approx and tol go together');

export const GraphFileSchema = z.strictObject({
  format: z.literal(GRAPH_FORMAT),
  version: z.literal(GRAPH_VERSION),
  name: z.string().min(1).max(200),
  description: z.string().max(LIMITS.textLength).default(''),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(0),
  nodes: z.array(NodeSchema).max(LIMITS.nodes),
  edges: z.array(EdgeSchema).max(LIMITS.edges),
  assertions: z.array(AssertionSchema).max(200).default([]),
  viewport: z.strictObject({ x: z.number().finite(), y: z.number().finite(), zoom: z.number().positive() }).optional(),
});

export type GraphNode = z.output<typeof NodeSchema>;
export type LoopBody = z.output<typeof BodySchema>;
export type Binding = z.output<typeof BindingSchema>;
export type GraphEdge = z.output<typeof EdgeSchema>;
export type Assertion = z.output<typeof AssertionSchema>;
export type GraphFile = z.output<typeof GraphFileSchema>;
/** What a file may omit (defaults fill it in). */
export type GraphFileInput = z.input<typeof GraphFileSchema>;
