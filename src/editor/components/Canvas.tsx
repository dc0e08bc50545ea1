import { Background, BackgroundVariant, Controls, MiniMap, ReactFlow, useReactFlow, useStore, type EdgeChange, type Node, type NodeChange, type OnDelete } from '@xyflow/react';
import { useCallback, useEffect, useMemo, type DragEvent, type MouseEvent } from 'react';
import { addNode } from '../actions/add-node';
import { deleteElements } from '../actions/delete';
import { applyEdgeSelection, applyNodeChanges } from '../graph/apply-changes';
import { createEdgeDeriver, createNodeDeriver, type FlowNode } from '../graph/flow';
import { useConnectionHandlers } from '../hooks/useConnectionHandlers';
import { LoopBar } from '../loops/components/LoopBar';
import { LoopPortNode } from '../loops/components/LoopPortNode';
import { NodeMenu, openLoopOnDoubleClick, openNodeMenu } from '../loops/components/NodeMenu';
import { getScoped, updateScoped, useScoped } from '../loops/lens';
import { CATEGORY_COLORS, nodeDef } from '../registry';
import { beginGesture, endGesture } from '../store/graph';
import { useRun, type RunState } from '../store/run';
import { useUi } from '../store/ui';
import { useView } from '../store/view';
import { withNodeBoundary } from './ErrorBoundary';
import { farSelector, GraphNode, NODE_WIDTH } from './GraphNode';
import { NoteNode } from './NoteNode';
import { useProgressiveNodes } from './progressive-nodes';
import { useInverseZoomVariable } from './zoom-variable';
import { fitVisible } from './fit-visible';
import { useLessons } from '../lessons/store';
import { FIT_VIEW } from '../graph/fit';

/** Node components, defined once outside any component so React Flow never remounts them. */
// Each node renders inside its own error boundary: one node that cannot be shown never blanks the canvas.
const nodeTypes = { graph: withNodeBoundary(GraphNode), note: withNodeBoundary(NoteNode), 'loop-inputs': withNodeBoundary(LoopPortNode), 'loop-output': withNodeBoundary(LoopPortNode) };
const deriveNodes = createNodeDeriver();
const deriveEdges = createEdgeDeriver();
export const PALETTE_MIME = 'application/x-diffusion-node';
const SNAP: [number, number] = [20, 20];

/** The last pointer position over the canvas: where keyboard-opened search adds nodes. */
export const lastPointer = { x: 0, y: 0 };

/**
 * While the view pans or zooms, nodes and edges take no pointer events: the browser then
 * skips hit-testing hundreds of elements on every pointer move (measured: most of a pan
 * frame's cost with 300 nodes). A class on the DOM, not React state: no re-render.
 */
function onMoveStart(): void {
  document.querySelector('.canvas')?.classList.add('moving');
}
function onMoveEnd(): void {
  document.querySelector('.canvas')?.classList.remove('moving');
}

/** The running nodes as one string, so the selector's value only changes when the set does. */
function runningNodes(s: RunState): string {
  return Object.keys(s.nodes)
    .filter((id) => s.nodes[id].status === 'running')
    .join(' ');
}

function minimapColor(n: Node): string {
  const def = nodeDef((n.data as FlowNode['data']).type);
  return def ? CATEGORY_COLORS[def.category] : '#718096';
}

export function Canvas() {
  // The graph's nodes and edges, or those of the open loop's body (src/editor/loops/lens.ts).
  const nodes = useScoped((s) => s.nodes);
  const edges = useScoped((s) => s.edges);
  const selectedNodes = useView((s) => s.selectedNodes);
  const selectedEdges = useView((s) => s.selectedEdges);
  const measured = useView((s) => s.measured);
  const flowNodes = useMemo(() => deriveNodes(nodes, selectedNodes, measured), [nodes, selectedNodes, measured]);
  const runningKey = useRun(runningNodes);
  const flowEdges = useMemo(() => deriveEdges(edges, nodes, selectedEdges, new Set(runningKey.split(' '))), [edges, nodes, selectedEdges, runningKey]);
  const rf = useReactFlow<FlowNode>();
  const far = useStore(farSelector);
  const connection = useConnectionHandlers(rf);
  const fitRequest = useUi((s) => s.fitRequest);
  // A graph of hundreds of nodes mounts in batches, one task each (progressive-nodes.ts).
  const progressive = useProgressiveNodes(flowNodes, flowEdges, fitRequest);
  useInverseZoomVariable();
  useEffect(() => {
    // After the new nodes are measured. A graph opened beside its notes (a lesson) opens
    // framed on its first note and the part it explains; any other fits whole.
    if (fitRequest) requestAnimationFrame(() => requestAnimationFrame(() => fitVisible(rf, { firstNote: useLessons.getState().open && useLessons.getState().view === 'notes' })));
  }, [fitRequest, rf]);

  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => {
    const view = useView.getState();
    const next = applyNodeChanges(changes, getScoped(), view.selectedNodes, view.measured);
    updateScoped(() => next.graph);
    if (next.selected !== view.selectedNodes || next.measured !== view.measured) useView.setState({ selectedNodes: next.selected, measured: next.measured });
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const view = useView.getState();
    const selected = applyEdgeSelection(changes, view.selectedEdges);
    if (selected !== view.selectedEdges) useView.setState({ selectedEdges: selected });
  }, []);

  const onDelete: OnDelete = useCallback(({ nodes: n, edges: e }) => deleteElements(n.map((x) => x.id), e.map((x) => x.id)), []);

  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(PALETTE_MIME)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(PALETTE_MIME);
      if (!type) return;
      e.preventDefault();
      const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      addNode(type, { x: p.x - NODE_WIDTH / 2, y: p.y - 20 });
    },
    [rf],
  );

  const onDoubleClick = useCallback(
    (e: MouseEvent) => {
      if (!(e.target as Element).classList.contains('react-flow__pane')) return;
      const screen = { x: e.clientX, y: e.clientY };
      useUi.setState({ search: { screen, flow: rf.screenToFlowPosition(screen) } });
    },
    [rf],
  );

  return (
    <div
      className={far ? 'canvas far' : 'canvas'}
      data-testid="canvas"
      onPointerMove={(e) => {
        lastPointer.x = e.clientX;
        lastPointer.y = e.clientY;
      }}
    >
      <ReactFlow<FlowNode>
        nodes={progressive.nodes}
        edges={progressive.edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onDelete={onDelete}
        onNodeDragStart={beginGesture}
        onNodeDragStop={endGesture}
        onSelectionDragStart={beginGesture}
        onSelectionDragStop={endGesture}
        {...connection}
        onDragOver={onDragOver}
        onDrop={onDrop}
        onDoubleClick={onDoubleClick}
        onNodeDoubleClick={openLoopOnDoubleClick}
        onNodeContextMenu={openNodeMenu}
        onMoveStart={onMoveStart}
        onMoveEnd={onMoveEnd}
        colorMode="dark"
        snapToGrid
        snapGrid={SNAP}
        fitView
        fitViewOptions={FIT_VIEW}
        minZoom={0.08}
        maxZoom={2.5}
        zoomOnDoubleClick={false}
        deleteKeyCode={['Backspace', 'Delete']}
        multiSelectionKeyCode={['Meta', 'Control']}
        selectionKeyCode="Shift"
        onlyRenderVisibleElements
        connectionRadius={24}
        elevateNodesOnSelect
      >
        {/* The dot grid costs more to paint than it helps when its dots are a pixel apart. */}
        {!far && <Background variant={BackgroundVariant.Dots} gap={SNAP[0]} size={1.3} color="#2b3342" />}
        <MiniMap position="top-right" pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={0} maskColor="rgba(10, 13, 18, 0.7)" style={{ width: 150, height: 96 }} />
        <Controls showInteractive={false} />
      </ReactFlow>
      <LoopBar />
      <NodeMenu />
    </div>
  );
}
