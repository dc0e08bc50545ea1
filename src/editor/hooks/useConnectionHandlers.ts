import type { Connection as FlowConnection, Edge, FinalConnectionState, IsValidConnection, OnConnectEnd, ReactFlowInstance } from '@xyflow/react';
import { useCallback } from 'react';
import { acceptedTypes, portSpec, type PortType } from '../../engine/ports';
import { connect } from '../actions/connect';
import { checkConnection, type Connection } from '../graph/check-connection';
import { getScoped } from '../loops/lens';
import { portsOf } from '../loops/ports';
import { showToast, useUi } from '../store/ui';
import type { FlowNode } from '../graph/flow';

function fromFlow(c: FlowConnection | Edge): Connection {
  return { source: c.source, sourcePort: c.sourceHandle ?? '', target: c.target, targetPort: c.targetHandle ?? '' };
}

/** The type a dragged handle carries: an output's type, or the first type an input accepts. */
function handleType(nodeId: string, port: string, kind: 'source' | 'target'): PortType | null {
  const type = getScoped().nodes.find((n) => n.id === nodeId)?.type;
  const def = type ? portsOf(type) : undefined;
  const decl = kind === 'source' ? def?.outputs[port] : def?.inputs[port];
  if (!decl) return null;
  return kind === 'source' ? portSpec(decl).type : acceptedTypes(decl)[0];
}

function pointer(event: MouseEvent | TouchEvent): { x: number; y: number } {
  const p = 'changedTouches' in event ? event.changedTouches[0] : event;
  return { x: p.clientX, y: p.clientY };
}

/** Why a connection released on a handle was refused, in words. */
function refusal(state: FinalConnectionState): string {
  const from = state.fromHandle;
  const to = state.toHandle;
  if (!from || !to) return 'drop the edge on a port';
  if (from.type === to.type) return from.type === 'source' ? 'an output connects to an input, not to another output' : 'an input connects to an output, not to another input';
  const src = from.type === 'source' ? from : to;
  const dst = from.type === 'source' ? to : from;
  const check = checkConnection(getScoped(), { source: src.nodeId, sourcePort: src.id ?? '', target: dst.nodeId, targetPort: dst.id ?? '' });
  return check.ok ? 'not allowed' : check.reason;
}

/**
 * Connections follow the engine's rules (validate.ts): React Flow asks while dragging;
 * a refused drop says why at the pointer; an edge dropped on empty canvas opens the
 * node search offering only nodes that fit.
 */
export function useConnectionHandlers(rf: ReactFlowInstance<FlowNode>) {
  const isValidConnection: IsValidConnection = useCallback((c) => checkConnection(getScoped(), fromFlow(c)).ok, []);

  const onConnect = useCallback((c: FlowConnection) => {
    const reason = connect(fromFlow(c));
    if (reason) showToast(`Connection refused: ${reason}`, 'error');
  }, []);

  const onConnectEnd: OnConnectEnd = useCallback(
    (event, state) => {
      if (state.isValid || !state.fromHandle) return;
      const at = pointer(event);
      if (state.toHandle) {
        showToast(`Connection refused: ${refusal(state)}`, 'error', at);
        return;
      }
      if ((event.target as Element | null)?.closest?.('.react-flow__node')) return;
      const from = state.fromHandle;
      const type = handleType(from.nodeId, from.id ?? '', from.type);
      if (!type) return;
      useUi.setState({
        search: { screen: at, flow: rf.screenToFlowPosition(at), pending: { node: from.nodeId, port: from.id ?? '', from: from.type, type } },
      });
    },
    [rf],
  );

  return { isValidConnection, onConnect, onConnectEnd };
}
