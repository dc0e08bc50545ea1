/**
 * The contract of a per-node PyTorch emitter (issue 20). Each node type `<cat>/<name>` has one in
 * `nodes/<cat>/<name>.torch.ts` (found by its path, like `.migrate.ts`), default-exporting
 * `defineTorchExport({...})`. export-graph.ts assembles graph.py from them:
 *
 *   def <pyName>(ctx, <input ports…>):
 *       """<title> (<type>): the node's docs equation and reference"""
 *       <emit(node)>            # Python statements; must `return {port: value, …}`
 *
 * Inside the body the connected input ports are local variables named after the ports (the
 * upstream values), and `ctx` is runtime.py's Ctx: ctx.seed (the lab's nodeSeed of the graph seed
 * and the node's seed param), ctx.device, ctx.steps (--steps), ctx.normal(shape, seed) (the lab's
 * own normal numbers), ctx.tensor(values). Helpers (`helpers`) are files of
 * src/export/torch/python/ (by name, without .py) included verbatim in graph.py once; a helper
 * names the helpers it needs in a first-lines comment `# requires: a, b`.
 */

/** What an emitter sees of one node. */
export interface TorchNode {
  id: string;
  /** The Python function's name (the id sanitised, unique in the script). */
  pyName: string;
  type: string;
  /** Validated params, defaults applied (the lab's own view of them). */
  params: Record<string, unknown>;
  /** Connected input port → the Python expression of the value inside the function (the port's name). */
  inputs: Record<string, string>;
  /** Output port names of the node type. */
  outputs: string[];
  /** Loops: the name of the generated function that runs the body once, `body(ctx, x, level, predictor, schedule) → x`. */
  body?: string;
}

/** Reads binary files of the repository (public/…) for emitters that ship data or weights. */
export interface AssetReader {
  asset(repoPath: string): Promise<Uint8Array>;
}

export interface TorchEmitter {
  type: string;
  /** Python helper files (src/export/torch/python/<name>.py) the node's code calls. */
  helpers?: readonly string[];
  /** Python statements of the node function's body (unindented; the assembler indents them). */
  emit(node: TorchNode): string;
  /** Extra files next to graph.py, by relative path: weights/<id>.safetensors, data files. */
  files?(node: TorchNode, reader: AssetReader): Promise<Record<string, Uint8Array | string>>;
}

export function defineTorchExport(emitter: TorchEmitter): TorchEmitter {
  return emitter;
}

/** A JSON value as a Python literal (params, tensors typed into a graph). */
export function py(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return "float('nan')";
    if (!Number.isFinite(value)) return value > 0 ? "float('inf')" : "-float('inf')";
    return String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(py).join(', ')}]`;
  if (typeof value === 'object') return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}: ${py(v)}`).join(', ')}}`;
  throw new TypeError(`no Python literal for a ${typeof value}`);
}

/** A node's params as a Python dict literal (for emitters that pass them whole to a helper). */
export function pyParams(node: TorchNode, keys?: readonly string[]): string {
  const entries = (keys ?? Object.keys(node.params)).filter((k) => node.params[k] !== undefined).map((k) => [k, node.params[k]]);
  return py(Object.fromEntries(entries));
}
