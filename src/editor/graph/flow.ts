import type { Edge, Node } from '@xyflow/react';
import type { GraphEdge, GraphNode } from '../../engine/format';
import { PORT_COLORS, portSpec } from '../../engine/ports';
import { loopPortKind, portsOf } from '../loops/ports';
import type { Size } from '../store/view';

/** What a node component reads from its React Flow node: the parts of the graph node it draws. */
export interface FlowNodeData extends Record<string, unknown> {
  type: string;
  params: Record<string, unknown>;
  label?: string;
}

export type FlowNode = Node<FlowNodeData, 'graph' | 'note' | 'loop-inputs' | 'loop-output'>;

interface NodeEntry {
  src: GraphNode;
  selected: boolean;
  size?: Size;
  node: FlowNode;
}

/**
 * React Flow nodes derived from the graph, reusing the previous object for every node
 * whose graph node, selection and size did not change, so React Flow and the memoised
 * node components skip them. `data` keeps its identity across moves.
 */
export function createNodeDeriver() {
  let entries = new Map<string, NodeEntry>();
  return (nodes: readonly GraphNode[], selected: ReadonlySet<string>, measured: Readonly<Record<string, Size>>): FlowNode[] => {
    const next = new Map<string, NodeEntry>();
    const out = nodes.map((src) => {
      const prev = entries.get(src.id);
      const isSelected = selected.has(src.id);
      const size = measured[src.id];
      if (prev && prev.src === src && prev.selected === isSelected && prev.size === size) {
        next.set(src.id, prev);
        return prev.node;
      }
      const sameData = prev && prev.src.params === src.params && prev.src.type === src.type && prev.src.label === src.label;
      const data: FlowNodeData = sameData ? prev.node.data : { type: src.type, params: src.params, label: src.label };
      const port = loopPortKind(src.type);
      const node: FlowNode = {
        id: src.id,
        type: port ?? (src.type === 'note' ? 'note' : 'graph'),
        // An open loop's inputs and output nodes (src/editor/loops) can be moved, not selected or deleted.
        ...(port ? { selectable: false, deletable: false } : {}),
        position: src.position,
        data,
        selected: isSelected,
        ...(src.width ? { width: src.width } : {}),
        ...(src.height ? { height: src.height } : {}),
        ...(size ? { measured: size } : {}),
      };
      next.set(src.id, { src, selected: isSelected, size, node });
      return node;
    });
    entries = next;
    return out;
  };
}

/** The type of an output port, for the colour of the edges leaving it. */
export function outputType(nodeType: string | undefined, port: string): string | undefined {
  const decl = nodeType ? portsOf(nodeType)?.outputs[port] : undefined;
  return decl ? portSpec(decl).type : undefined;
}

interface EdgeEntry {
  src: GraphEdge;
  selected: boolean;
  color: string;
  animated: boolean;
  edge: Edge;
}

/**
 * React Flow edges derived from the graph (cached per edge, selection, colour and
 * animation): coloured by the type they carry, animated into a node that is running.
 */
export function createEdgeDeriver() {
  let entries = new Map<string, EdgeEntry>();
  return (edges: readonly GraphEdge[], nodes: readonly GraphNode[], selected: ReadonlySet<string>, running: ReadonlySet<string> = new Set()): Edge[] => {
    const types = new Map(nodes.map((n) => [n.id, n.type]));
    const next = new Map<string, EdgeEntry>();
    const out = edges.map((src) => {
      const type = outputType(types.get(src.source), src.sourcePort);
      const color = type ? PORT_COLORS[type as keyof typeof PORT_COLORS] : '#718096';
      const isSelected = selected.has(src.id);
      const animated = running.has(src.target);
      const prev = entries.get(src.id);
      if (prev && prev.src === src && prev.selected === isSelected && prev.color === color && prev.animated === animated) {
        next.set(src.id, prev);
        return prev.edge;
      }
      const edge: Edge = {
        id: src.id,
        source: src.source,
        sourceHandle: src.sourcePort,
        target: src.target,
        targetHandle: src.targetPort,
        selected: isSelected,
        animated,
        style: { stroke: color },
        data: { type },
      };
      next.set(src.id, { src, selected: isSelected, color, animated, edge });
      return edge;
    });
    entries = next;
    return out;
  };
}
