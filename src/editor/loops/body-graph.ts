import type { Binding, GraphEdge, GraphNode, LoopBody } from '../../engine/format';
import { edgeId } from '../graph/ids';
import type { Scoped } from '../graph/ops';
import { isLoopPort, LOOP_IN, LOOP_OUT, loopPortTypes, OUTPUT_PORT } from './ports';

/**
 * A loop body seen as a graph: its nodes and edges, plus the loop's inputs and output as
 * two nodes whose edges are the body's bindings (`inputs`: loop value → body port) and its
 * `output` (body port → next x). Every editing operation of an ordinary graph then works
 * on a body unchanged; writeBody turns the edited view back into a body.
 */
export interface XY {
  x: number;
  y: number;
}

/** Where the loop's inputs and output nodes are drawn (view state: the file has no place for them). */
export interface Anchors {
  in: XY;
  out: XY;
}

const GRID = 20;
const snap = (v: number) => Math.round(v / GRID) * GRID;

/** Left of the body's nodes and right of them, level with the top one. */
export function defaultAnchors(body: LoopBody, nodeWidth: number): Anchors {
  if (!body.nodes.length) return { in: { x: -360, y: 0 }, out: { x: 360, y: 0 } };
  const left = Math.min(...body.nodes.map((n) => n.position.x));
  const right = Math.max(...body.nodes.map((n) => n.position.x + (n.width ?? nodeWidth)));
  const top = Math.min(...body.nodes.map((n) => n.position.y));
  return { in: { x: snap(left - 100 - nodeWidth * 0.8), y: snap(top) }, out: { x: snap(right + 100), y: snap(top) } };
}

/** The edges a body's bindings and output stand for, in the order of `inputs`. */
export function bindingEdges(body: LoopBody): { inputs: GraphEdge[]; output: GraphEdge } {
  const taken = new Set(body.edges.map((e) => e.id));
  const edge = (c: Omit<GraphEdge, 'id'>): GraphEdge => {
    const id = edgeId(c, taken);
    taken.add(id);
    return { id, ...c };
  };
  const inputs = Object.entries(body.inputs).flatMap(([name, list]) => list.map((b) => edge({ source: LOOP_IN, sourcePort: name, target: b.node, targetPort: b.port })));
  const output = edge({ source: body.output.node, sourcePort: body.output.port, target: LOOP_OUT, targetPort: OUTPUT_PORT });
  return { inputs, output };
}

/** The inputs and output nodes of a loop of type `loopType`, at their anchors. */
export function portNodes(loopType: string, anchors: Anchors): [GraphNode, GraphNode] {
  const types = loopPortTypes(loopType);
  return [
    { id: LOOP_IN, type: types.inputs, typeVersion: 1, params: {}, position: anchors.in },
    { id: LOOP_OUT, type: types.output, typeVersion: 1, params: {}, position: anchors.out },
  ];
}

/** The edges of a body's view: [bindings, …body edges, output edge]. */
export function bodyEdges(body: LoopBody): GraphEdge[] {
  const { inputs, output } = bindingEdges(body);
  return [...inputs, ...body.edges, output];
}

/** The view of a body: [inputs, …body nodes, output] and bodyEdges. */
export function bodyView(body: LoopBody, loopType: string, anchors: Anchors): Scoped {
  const [inNode, outNode] = portNodes(loopType, anchors);
  return { nodes: [inNode, ...body.nodes, outNode], edges: bodyEdges(body) };
}

const sameItems = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** A body node holds no body (loops do not nest; BodySchema would refuse the file): a pasted loop loses it. */
function bodyNode(n: GraphNode): GraphNode {
  if (n.body === undefined) return n;
  const { body: _nested, ...rest } = n;
  return rest;
}

/**
 * The body after an edit of its view (`before` is the view the edit started from, `prev`
 * the body it showed): edges from the inputs node become `inputs`, the edge into the
 * output node `output`; without one (its node was deleted), `output` keeps naming the old
 * port, which validation reports. Unchanged parts keep their identity, and an edit that
 * only moved the inputs or output node returns `prev` itself.
 */
export function writeBody(view: Scoped, before: Scoped, prev: LoopBody): LoopBody {
  const nodes = view.nodes.filter((n) => !isLoopPort(n.id)).map(bodyNode);
  const sameNodes = sameItems(nodes, prev.nodes);
  if (view.edges === before.edges) return sameNodes ? prev : { ...prev, nodes };
  const edges = view.edges.filter((e) => !isLoopPort(e.source) && !isLoopPort(e.target));
  const inputs: Record<string, Binding[]> = {};
  for (const e of view.edges) if (e.source === LOOP_IN) (inputs[e.sourcePort] ??= []).push({ node: e.target, port: e.targetPort });
  const out = view.edges.find((e) => e.target === LOOP_OUT);
  const output = out ? { node: out.source, port: out.sourcePort } : prev.output;
  const next: LoopBody = {
    nodes: sameNodes ? prev.nodes : nodes,
    edges: sameItems(edges, prev.edges) ? prev.edges : edges,
    inputs: JSON.stringify(inputs) === JSON.stringify(prev.inputs) ? prev.inputs : inputs,
    output: output.node === prev.output.node && output.port === prev.output.port ? prev.output : output,
  };
  return (Object.keys(next) as (keyof LoopBody)[]).every((k) => next[k] === prev[k]) ? prev : next;
}
