import { useStore, type NodeProps } from '@xyflow/react';
import { memo, type CSSProperties } from 'react';
import type { FlowNode } from '../graph/flow';
import { paramFields } from '../graph/param-fields';
import { LoopFooter } from '../loops/components/LoopFooter';
import { useRunKey } from '../loops/run-keys';
import { CATEGORY_COLORS, nodeDef } from '../registry';
import { NodeChecks } from '../checks/Checklist';
import { NodeEstimateLine } from '../cost/NodeEstimateLine';
import { FarHandles } from './FarHandles';
import { useRun } from '../store/run';
import { useView } from '../store/view';
import { NodePorts } from './NodePorts';
import { NodePreview } from './NodePreview';
import { ParamField } from './ParamField';
import { StatusBadge } from './StatusBadge';

export const NODE_WIDTH = 256;
/** Below this zoom a node is drawn as a plain card of the same size (its text is unreadable there). */
export const FAR_ZOOM = 0.35;
export const farSelector = (s: { transform: [number, number, number] }) => s.transform[2] < FAR_ZOOM;

/** The one node component: drawn from the node definition, memoised per node. */
export const GraphNode = memo(function GraphNode({ id, data, selected }: NodeProps<FlowNode>) {
  const def = nodeDef(data.type);
  // Inside an open loop, a body node's results are filed under `<loop>/<id>`.
  const runKey = useRunKey(id);
  const run = useRun((s) => s.nodes[runKey]);
  const far = useStore(farSelector);
  const size = useView((s) => s.measured[id]);
  if (far && size && def) {
    // Few elements, the same size and the same (invisible) handles, so React Flow keeps
    // drawing the edges: a coloured block with its id scaled to stay legible; panning
    // hundreds of nodes stays smooth because the browser has little to hit-test and paint.
    return (
      <div className={`gnode lod status-${run?.status ?? 'idle'}`} style={{ '--accent': CATEGORY_COLORS[def.category], width: NODE_WIDTH, height: size.height } as CSSProperties} data-testid={`node-${id}`} data-type={data.type} data-status={run?.status ?? 'idle'} title={`${data.label ?? def.title} (${id})`}>
        {/* At this zoom a block is a few dozen pixels wide: the short id is what fits legibly. */}
        <span className="lod-title">{id}</span>
        <span className="lod-id">{data.label ?? def.title}</span>
        {/* Edges need their handles: kept mounted, invisible, where the full node had them. */}
        <FarHandles id={id} />
      </div>
    );
  }
  if (!def) {
    return (
      <div className="gnode unknown" data-testid={`node-${id}`}>
        <header className="gnode-head">
          <span className="gnode-title">Unknown type</span>
        </header>
        <div className="gnode-error">no node type '{data.type}' in this app</div>
      </div>
    );
  }
  const main = new Set(def.mainParams ?? []);
  const fields = paramFields(def).filter((f) => main.has(f.key));
  const status = run?.status ?? 'idle';
  const style = { '--accent': CATEGORY_COLORS[def.category], width: NODE_WIDTH } as CSSProperties;
  return (
    <div className={`gnode status-${status}${selected ? ' selected' : ''}`} style={style} data-testid={`node-${id}`} data-type={data.type} data-status={status}>
      <header className="gnode-head" title={def.docs.summary}>
        <span className="gnode-dot" />
        <span className="gnode-title">{data.label ?? def.title}</span>
        <NodeChecks id={id} />
        <StatusBadge nodeId={id} run={run} />
      </header>
      {status === 'running' && (
        <div className={`gnode-progress${run?.phase ? ' phase' : ''}`}>
          <div style={{ width: `${Math.round((run?.progress ?? 0) * 100)}%` }} />
        </div>
      )}
      {status === 'running' && run?.phase && (
        <div className="gnode-phase" data-testid={`phase-${id}`} title="the backend's one-time work before this node's steps can run">
          {run.phase}…
        </div>
      )}
      <div className="gnode-sub">
        <span>{id}</span>
        <span>{def.type}</span>
      </div>
      <NodeEstimateLine id={id} category={def.category} />
      <NodePorts nodeId={id} def={def} />
      {fields.length > 0 && (
        <div className="gnode-params">
          {fields.map((f) => (
            <ParamField key={f.key} def={def} nodeId={id} field={f} params={data.params} compact testId={`node-param-${id}-${f.key}`} />
          ))}
        </div>
      )}
      <NodePreview id={runKey} width={NODE_WIDTH - 16} category={def.category} type={data.type} params={data.params} />
      {def.body && <LoopFooter id={id} />}
      {run?.status === 'error' && (
        <div className="gnode-error" data-testid={`node-error-${id}`}>
          {run.message}
        </div>
      )}
    </div>
  );
});
