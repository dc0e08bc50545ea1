import type { z } from 'zod';
import type { GraphIssue, JsonPath } from './errors';
import type { GraphEdge, GraphNode, LoopBody } from './format';
import type { AnyNodeDef } from './node';
import { unknownParamIssues } from './param-keys';
import { ownValue } from './reserved-names';
import { plainZodIssues } from './zod-messages';
import { acceptedTypes, portSpec, type PortType } from './ports';
import type { NodeRegistry } from './registry';

/** A node whose type is known and whose params passed its schema (after migration). */
export interface ResolvedNode {
  node: GraphNode;
  index: number;
  def: AnyNodeDef;
  params: Record<string, unknown>;
  /** Incoming edge per input port. */
  inputs: Map<string, GraphEdge>;
  /** For loop nodes: the validated body. */
  body?: ResolvedBody;
}

/** A loop's body after validation: its nodes, and which loop value feeds each bound port. */
export interface ResolvedBody {
  nodes: Map<string, ResolvedNode>;
  /** node id → (port → name of the loop value bound to it) */
  bindings: Map<string, Map<string, string>>;
  output: { node: string; port: string };
}

/** What validateGraph needs of a graph: a file, or a loop body. */
interface GraphLike {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

interface ValidateOptions {
  /** Ports fed from outside (a loop's bindings): `node.port` → the type fed in. */
  bound?: Map<string, PortType>;
  /** Validating a loop body: loops do not nest. */
  inBody?: boolean;
}

export interface Validation {
  /** Problems that make the whole graph unrunnable (unknown types, bad edges, cycles…). */
  issues: GraphIssue[];
  /** Problems local to one node (its params, an unconnected input): fatal only if the node must run. */
  nodeIssues: Map<string, GraphIssue[]>;
  nodes: Map<string, ResolvedNode>;
}

/** `error`'s issues in plain words at their JSON paths under `base`; `input` is what was parsed (messages quote its values). */
export function zodIssues(error: z.ZodError, base: JsonPath, code: GraphIssue['code'], node?: string, input?: unknown): GraphIssue[] {
  return plainZodIssues(error, input).map((i) => ({ code, node, path: [...base, ...i.path], message: i.message }));
}

/** Migrate a node's saved params to its type's current version, then validate them. */
function resolveParams(node: GraphNode, def: AnyNodeDef, path: JsonPath): { params?: Record<string, unknown>; issues: GraphIssue[] } {
  if (node.typeVersion > def.version) {
    return {
      issues: [{ code: 'newer-node-version', node: node.id, path: [...path, 'typeVersion'], message: `node '${node.id}' was saved by a newer version (${node.typeVersion}) of '${node.type}' than this app knows (${def.version}); update the app to open it` }],
    };
  }
  let raw = node.params;
  if (node.typeVersion < def.version && def.migrate) raw = def.migrate(structuredClone(raw), node.typeVersion);
  const unknown = unknownParamIssues(def, raw, path, node.id);
  if (unknown.length) return { issues: unknown };
  const parsed = def.params.safeParse(raw);
  if (!parsed.success) return { issues: zodIssues(parsed.error, [...path, 'params'], 'invalid-params', node.id, raw).map((i) => ({ ...i, message: `node '${node.id}' (${def.type}): ${i.message}` })) };
  return { params: parsed.data as Record<string, unknown>, issues: [] };
}

export function validateGraph(graph: GraphLike, registry: NodeRegistry, base: JsonPath = [], options: ValidateOptions = {}): Validation {
  const issues: GraphIssue[] = [];
  const nodeIssues = new Map<string, GraphIssue[]>();
  const nodes = new Map<string, ResolvedNode>();
  const seen = new Set<string>();
  const addNodeIssue = (id: string, issue: GraphIssue) => nodeIssues.set(id, [...(nodeIssues.get(id) ?? []), issue]);

  graph.nodes.forEach((node, index) => {
    const path = [...base, 'nodes', index];
    if (seen.has(node.id)) {
      issues.push({ code: 'duplicate-id', node: node.id, path: [...path, 'id'], message: `node id '${node.id}' is used twice` });
      return;
    }
    seen.add(node.id);
    const def = registry.get(node.type);
    if (!def) {
      issues.push({ code: 'unknown-type', node: node.id, path: [...path, 'type'], message: `node '${node.id}' has unknown type '${node.type}'` });
      return;
    }
    const { params, issues: paramIssues } = resolveParams(node, def, path);
    for (const issue of paramIssues) {
      if (issue.code === 'newer-node-version') issues.push(issue);
      else addNodeIssue(node.id, issue);
    }
    const resolved: ResolvedNode = { node, index, def, params: params ?? {}, inputs: new Map() };
    nodes.set(node.id, resolved);
    if (node.body && (!def.body || options.inBody)) {
      addNodeIssue(node.id, { code: 'schema', node: node.id, path: [...path, 'body'], message: options.inBody ? `node '${node.id}': loops do not nest; a loop body cannot hold a loop` : `node '${node.id}' (${def.type}) is not a loop and cannot have a body` });
    } else if (def.body && !options.inBody) {
      if (!node.body) addNodeIssue(node.id, { code: 'schema', node: node.id, path, message: `loop '${node.id}' has no body: give it the steps to repeat` });
      else {
        const body = validateBody(node.body, def.body, registry, [...path, 'body'], node.id);
        resolved.body = body.resolved;
        for (const issue of body.issues) addNodeIssue(node.id, issue);
      }
    } else if (def.body) {
      addNodeIssue(node.id, { code: 'schema', node: node.id, path, message: `node '${node.id}': loops do not nest; a loop body cannot hold a loop` });
    }
  });

  const edgeIds = new Set<string>();
  graph.edges.forEach((edge, index) => {
    const path = [...base, 'edges', index];
    if (edgeIds.has(edge.id)) issues.push({ code: 'duplicate-id', path: [...path, 'id'], message: `edge id '${edge.id}' is used twice` });
    edgeIds.add(edge.id);
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    for (const [end, id] of [['source', edge.source], ['target', edge.target]] as const) {
      if (!seen.has(id)) issues.push({ code: 'dangling-edge', node: id, path: [...path, end], message: `edge '${edge.id}' ${end === 'source' ? 'comes from' : 'goes to'} node '${id}', which does not exist` });
    }
    if (!source || !target) return;
    const out = ownValue(source.def.outputs, edge.sourcePort);
    const inp = ownValue(target.def.inputs, edge.targetPort);
    if (!out) issues.push({ code: 'unknown-port', node: edge.source, port: edge.sourcePort, path: [...path, 'sourcePort'], message: `node '${edge.source}' (${source.def.type}) has no output '${edge.sourcePort}'; it has ${listPorts(source.def.outputs)}` });
    if (!inp) issues.push({ code: 'unknown-port', node: edge.target, port: edge.targetPort, path: [...path, 'targetPort'], message: `node '${edge.target}' (${target.def.type}) has no input '${edge.targetPort}'; it has ${listPorts(target.def.inputs)}` });
    if (!out || !inp) return;
    const from = portSpec(out).type;
    const accepted = acceptedTypes(inp);
    if (!accepted.includes(from)) {
      issues.push({ code: 'type-mismatch', node: edge.target, port: edge.targetPort, path: [...path], message: `edge '${edge.id}': output '${edge.source}.${edge.sourcePort}' is a ${from}, but input '${edge.target}.${edge.targetPort}' takes ${accepted.join(' or ')}` });
      return;
    }
    if (target.inputs.has(edge.targetPort) || options.bound?.has(`${edge.target}.${edge.targetPort}`)) {
      const other = target.inputs.get(edge.targetPort)?.id;
      issues.push({ code: 'duplicate-input', node: edge.target, port: edge.targetPort, path: [...path, 'targetPort'], message: `input '${edge.target}.${edge.targetPort}' has two sources (${other ? `edge '${other}'` : "the loop's binding"} and edge '${edge.id}'); an input takes one` });
      return;
    }
    target.inputs.set(edge.targetPort, edge);
  });

  for (const r of nodes.values()) {
    if (r.def.passive) continue;
    for (const [port, decl] of Object.entries(r.def.inputs)) {
      if (!portSpec(decl).optional && !r.inputs.has(port) && !options.bound?.has(`${r.node.id}.${port}`)) {
        addNodeIssue(r.node.id, { code: 'missing-input', node: r.node.id, port, path: [...base, 'nodes', r.index], message: `node '${r.node.id}' (${r.def.type}) needs its input '${port}' (${acceptedTypes(decl).join(' or ')}) connected` });
      }
    }
  }

  const cycle = findCycle(nodes);
  if (cycle) {
    const first = nodes.get(cycle[0])!;
    issues.push({ code: 'cycle', node: cycle[0], path: [...base, 'nodes', first.index], message: `the graph has a cycle: ${[...cycle, cycle[0]].join(' → ')}` });
  }
  return { issues, nodeIssues, nodes };
}

/** Validate a loop body: its graph, its bindings to the loop's values, and its output port. */
function validateBody(body: LoopBody, spec: NonNullable<AnyNodeDef['body']>, registry: NodeRegistry, base: JsonPath, loopId: string): { resolved: ResolvedBody; issues: GraphIssue[] } {
  const issues: GraphIssue[] = [];
  const bound = new Map<string, PortType>();
  const bindings = new Map<string, Map<string, string>>();
  const byId = new Map(body.nodes.map((n) => [n.id, n]));
  for (const [name, targets] of Object.entries(body.inputs)) {
    const type = ownValue(spec.provides, name);
    if (!type) {
      issues.push({ code: 'unknown-port', node: loopId, path: [...base, 'inputs', name], message: `loop '${loopId}' provides no value '${name}' to its body; it provides ${listPorts(spec.provides)}` });
      continue;
    }
    targets.forEach((b, j) => {
      const path = [...base, 'inputs', name, j];
      const inputs = registry.get(byId.get(b.node)?.type ?? '')?.inputs;
      const decl = inputs && ownValue(inputs, b.port);
      if (!byId.has(b.node)) issues.push({ code: 'dangling-edge', node: loopId, path: [...path, 'node'], message: `loop '${loopId}' feeds '${name}' to body node '${b.node}', which does not exist` });
      else if (!decl) issues.push({ code: 'unknown-port', node: loopId, port: b.port, path: [...path, 'port'], message: `body node '${b.node}' has no input '${b.port}'` });
      else if (!acceptedTypes(decl).includes(type)) issues.push({ code: 'type-mismatch', node: loopId, port: b.port, path, message: `loop '${loopId}' feeds '${name}' (a ${type}) to '${b.node}.${b.port}', which takes ${acceptedTypes(decl).join(' or ')}` });
      else if (bound.has(`${b.node}.${b.port}`)) issues.push({ code: 'duplicate-input', node: loopId, port: b.port, path, message: `body input '${b.node}.${b.port}' is bound twice` });
      else {
        bound.set(`${b.node}.${b.port}`, type);
        if (!bindings.has(b.node)) bindings.set(b.node, new Map());
        bindings.get(b.node)!.set(b.port, name);
      }
    });
  }
  const inner = validateGraph(body, registry, base, { bound, inBody: true });
  issues.push(...inner.issues, ...[...inner.nodeIssues.values()].flat());
  const out = body.output;
  const outputs = registry.get(byId.get(out.node)?.type ?? '')?.outputs;
  const outDecl = outputs && ownValue(outputs, out.port);
  if (!byId.has(out.node)) issues.push({ code: 'dangling-edge', node: loopId, path: [...base, 'output', 'node'], message: `loop '${loopId}' reads its next x from body node '${out.node}', which does not exist` });
  else if (!outDecl) issues.push({ code: 'unknown-port', node: loopId, port: out.port, path: [...base, 'output', 'port'], message: `body node '${out.node}' has no output '${out.port}'` });
  else if (portSpec(outDecl).type !== spec.returns) issues.push({ code: 'type-mismatch', node: loopId, path: [...base, 'output'], message: `loop '${loopId}' needs a ${spec.returns} from its body, but '${out.node}.${out.port}' is a ${portSpec(outDecl).type}` });
  return { resolved: { nodes: inner.nodes, bindings, output: out }, issues };
}

function listPorts(ports: Record<string, unknown>): string {
  const names = Object.keys(ports);
  return names.length ? names.map((n) => `'${n}'`).join(', ') : 'none';
}

/** A cycle among the nodes (ids in order), or null. Iterative DFS with colours. */
export function findCycle(nodes: Map<string, ResolvedNode>): string[] | null {
  const children = new Map<string, string[]>();
  for (const r of nodes.values()) {
    for (const edge of r.inputs.values()) {
      if (!children.has(edge.source)) children.set(edge.source, []);
      children.get(edge.source)!.push(r.node.id);
    }
  }
  const state = new Map<string, 1 | 2>(); // 1 = on the stack, 2 = done
  for (const start of nodes.keys()) {
    if (state.has(start)) continue;
    const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
    state.set(start, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const kids = children.get(top.id) ?? [];
      if (top.next >= kids.length) {
        state.set(top.id, 2);
        stack.pop();
        continue;
      }
      const kid = kids[top.next++];
      if (state.get(kid) === 1) {
        const from = stack.findIndex((f) => f.id === kid);
        return stack.slice(from).map((f) => f.id);
      }
      if (!state.has(kid)) {
        state.set(kid, 1);
        stack.push({ id: kid, next: 0 });
      }
    }
  }
  return null;
}
