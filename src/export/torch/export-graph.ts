import { formatIssue } from '../../engine/errors';
import type { GraphFile } from '../../engine/format';
import { loadGraphFile } from '../../engine/load';
import { planRun, type PlannedNode } from '../../engine/planner';
import type { NodeRegistry } from '../../engine/registry';
import { validateGraph, type ResolvedBody, type ResolvedNode } from '../../engine/validate';
import type { AssetReader, TorchEmitter, TorchNode } from './emitter';
import { exportReadme } from './readme';

/**
 * Assemble `graph.py` (issue 20): the graph file loaded, validated and upgraded by the engine's
 * own loader, its nodes in the planner's dependency order, one Python function per node from the
 * node type's emitter (nodes/<type>.torch.ts), the helpers they use (src/export/torch/python/),
 * and a main that runs them and writes the lab CLI's files. Pure: the files come back as a map
 * (the CLI writes them, the editor zips them). Sources are injected (sources-node.ts for Node,
 * import.meta.glob in the browser).
 */
export interface ExportSources extends AssetReader {
  /** A helper's Python source (src/export/torch/python/<name>.py). */
  helper(name: string): Promise<string>;
  /** The emitter of a node type, or undefined when nodes/<type>.torch.ts does not exist. */
  emitter(type: string): Promise<TorchEmitter | undefined>;
}

export class ExportError extends Error {
  constructor(readonly problems: { node: string; message: string }[]) {
    super(problems.map((p) => `${p.node}: ${p.message}`).join('\n'));
    this.name = 'ExportError';
  }
}

/** The files of an export, by path relative to the export folder. */
export type ExportFiles = Record<string, string | Uint8Array>;

/** An emitter's file under nodes/, without `.torch.ts`: the type's own path, or `<type>/<type>` for a type without a category (note). */
export function emitterFile(type: string): string {
  return type.includes('/') ? type : `${type}/${type}`;
}

const PY_KEYWORDS = new Set('False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '));

/** A Python identifier for a node id: `n_` + the id with every other character as `_`, made unique. */
export function pythonName(id: string, taken: Set<string>): string {
  const base = `n_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;
  let name = base;
  for (let k = 2; taken.has(name); k++) name = `${base}_${k}`;
  taken.add(name);
  return name;
}

const indent = (text: string, by = '    ') => text.replace(/\s+$/, '').split('\n').map((l) => (l ? by + l : l)).join('\n');

/** One line of comment text (KaTeX and notes stay readable as they are). */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

interface Emitted {
  planned: { id: string; resolved: ResolvedNode };
  emitter: TorchEmitter;
  node: TorchNode;
}

async function emitNodes(
  order: { id: string; resolved: ResolvedNode }[],
  sources: ExportSources,
  taken: Set<string>,
  prefix: string,
  problems: { node: string; message: string }[],
  bindings?: ResolvedBody['bindings'],
): Promise<Emitted[]> {
  const out: Emitted[] = [];
  for (const planned of order) {
    const { def, params, inputs } = planned.resolved;
    const id = prefix + planned.id;
    const emitter = await sources.emitter(def.type);
    if (!emitter) {
      problems.push({ node: id, message: `node type ${def.type} has no PyTorch emitter yet (nodes/${emitterFile(def.type)}.torch.ts)` });
      continue;
    }
    // A body node's ports fed by the loop (its bindings) are arguments too, in the type's port order.
    const bound = bindings?.get(planned.id);
    const ports = Object.keys(def.inputs).filter((p) => inputs.has(p) || bound?.has(p));
    const bad = ports.filter((p) => PY_KEYWORDS.has(p));
    if (bad.length) problems.push({ node: id, message: `input port ${bad.join(', ')} is a Python keyword` });
    const node: TorchNode = { id, pyName: pythonName(id, taken), type: def.type, params, inputs: Object.fromEntries(ports.map((p) => [p, p])), outputs: Object.keys(def.outputs) };
    out.push({ planned, emitter, node });
  }
  return out;
}

function functionSource(e: Emitted, code: string, extraArgs: string[] = []): string {
  const { def } = e.planned.resolved;
  const doc = [`${def.title} (${def.type}, node '${e.node.id}'): ${oneLine(def.docs.summary)}`];
  if (def.docs.equation) doc.push(`Equation: ${oneLine(def.docs.equation)}`);
  if (def.docs.reference) doc.push(`Reference: ${oneLine(def.docs.reference)}`);
  const args = ['ctx', ...extraArgs, ...Object.keys(e.node.inputs)].join(', ');
  const docstring = doc.join('\n').replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"');
  return `def ${e.node.pyName}(${args}):\n${indent(`"""${docstring}"""`)}\n${indent(code)}\n`;
}

/** The body runner of a loop: its nodes in order, the loop's values bound to their ports. */
function bodyRunner(name: string, emitted: Emitted[], body: ResolvedBody): string {
  const lines = ['v = {}'];
  for (const e of emitted) {
    const bound = body.bindings.get(e.planned.id) ?? new Map<string, string>();
    const args = Object.keys(e.node.inputs).map((port) => {
      const edge = e.planned.resolved.inputs.get(port)!;
      return bound.has(port) ? `${port}=${bound.get(port)}` : `${port}=v[${JSON.stringify(edge.source)}][${JSON.stringify(edge.sourcePort)}]`;
    });
    const seed = typeof e.planned.resolved.params.seed === 'number' ? e.planned.resolved.params.seed : 0;
    lines.push(`v[${JSON.stringify(e.planned.id)}] = ${e.node.pyName}(${['ctx.child(' + JSON.stringify(e.planned.id) + ', ' + seed + ')', ...args].join(', ')})`);
  }
  lines.push(`return v[${JSON.stringify(body.output.node)}][${JSON.stringify(body.output.port)}]`);
  return `def ${name}(ctx, x, level, predictor, schedule):\n${indent(`"""One pass of the loop's body: its nodes in dependency order (src/engine/body.ts)."""`)}\n${indent(lines.join('\n'))}\n`;
}

/** Helper files in dependency order (each after the helpers its `# requires:` line names). */
async function helperSources(names: Iterable<string>, sources: ExportSources): Promise<[string, string][]> {
  const done = new Map<string, string>();
  const visit = async (name: string, path: string[]) => {
    if (done.has(name)) return;
    if (path.includes(name)) throw new Error(`helpers require each other in a cycle: ${[...path, name].join(' → ')}`);
    const text = await sources.helper(name);
    const requires = text.match(/^# requires: (.*)$/m)?.[1].split(',').map((s) => s.trim()).filter(Boolean) ?? [];
    for (const r of requires) await visit(r, [...path, name]);
    done.set(name, text);
  };
  for (const n of names) await visit(n, []);
  // Imports between helpers are marked and dropped: in graph.py they share one namespace.
  return [...done].map(([name, text]) => [name, text.replace(/^from \w+ import .*# \(inlined in graph\.py\)\n/gm, '')]);
}

/** Export a graph file (text or parsed JSON) as graph.py, README.md and the emitters' files. */
export async function exportGraph(input: string | unknown, registry: NodeRegistry, sources: ExportSources): Promise<ExportFiles> {
  const graph: GraphFile = loadGraphFile(input, registry);
  const v = validateGraph(graph, registry);
  const fatal = [...v.issues, ...[...v.nodeIssues.values()].flat()];
  if (fatal.length) throw new ExportError(fatal.map((i) => ({ node: i.node ?? 'graph', message: formatIssue(i) })));
  const order: PlannedNode[] = planRun(v.nodes, graph.seed, graph.nodes.map((n) => n.id));
  const problems: { node: string; message: string }[] = [];
  const taken = new Set<string>();
  const top = await emitNodes(order, sources, taken, '', problems);
  const functions: string[] = [];
  const helpers = new Set<string>(['runtime']);
  const files: ExportFiles = {};
  for (const e of top) {
    const body = e.planned.resolved.body;
    if (body) {
      const inner = await emitNodes(planRun(body.nodes, 0, [...body.nodes.keys()]), sources, taken, `${e.node.id}/`, problems, body.bindings);
      for (const b of inner) {
        functions.push(functionSource(b, b.emitter.emit(b.node)));
        b.emitter.helpers?.forEach((h) => helpers.add(h));
      }
      e.node.body = `${e.node.pyName}_body`;
      functions.push(bodyRunner(e.node.body, inner, body));
    }
    try {
      functions.push(functionSource(e, e.emitter.emit(e.node)));
      e.emitter.helpers?.forEach((h) => helpers.add(h));
      Object.assign(files, await e.emitter.files?.(e.node, sources));
    } catch (err) {
      problems.push({ node: e.node.id, message: (err as Error).message });
    }
  }
  if (problems.length) throw new ExportError(problems);

  const table = top.map((e) => {
    const seed = typeof e.planned.resolved.params.seed === 'number' ? e.planned.resolved.params.seed : 0;
    const inputs = [...e.planned.resolved.inputs].map(([port, edge]) => `${JSON.stringify(port)}: (${JSON.stringify(edge.source)}, ${JSON.stringify(edge.sourcePort)})`);
    return `    (${JSON.stringify(e.node.id)}, ${JSON.stringify(e.node.type)}, ${e.node.pyName}, {${inputs.join(', ')}}, ${seed}),`;
  });
  const meta = { name: graph.name, seed: graph.seed, assertions: graph.assertions };
  const helperText = (await helperSources(helpers, sources)).map(([name, text]) => `# ---- helpers: ${name}.py ----\n${text.trim()}\n`);
  files['graph.py'] = [
    '#!/usr/bin/env python3',
    `"""${graph.name.replace(/"""/g, "'''")}: exported from Diffusion Graph Lab (npm run export).`,
    '',
    `${oneLine(graph.description ?? '').replace(/"""/g, "'''")}`,
    '',
    'Run:  python3 graph.py --out results [--seed N] [--device cpu|cuda] [--steps K]',
    'It writes results/<node>.<port>.npy (float32) and results/summary.json, as the lab\'s CLI does.',
    'Needs Python 3 with torch >= 1.13 and numpy; nothing else."""',
    'import sys',
    '',
    ...helperText,
    '# ---- the graph ----',
    `GRAPH = json.loads(${JSON.stringify(JSON.stringify(meta))})`,
    '',
    ...functions.map((f) => f + '\n'),
    '# Every node in dependency order: (id, type, function, {input port: (source node, source port)}, seed param).',
    'NODES = [',
    ...table,
    ']',
    '',
    "if __name__ == '__main__':",
    '    sys.exit(run_graph(GRAPH, NODES))',
    '',
  ].join('\n');
  files['README.md'] = exportReadme(graph, Object.keys(files));
  return files;
}
