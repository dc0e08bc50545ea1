import type { NodeProps } from '@xyflow/react';
import { memo, type CSSProperties } from 'react';
import { NodePorts } from '../../components/NodePorts';
import type { FlowNode } from '../../graph/flow';
import { CATEGORY_COLORS } from '../../registry';
import { loopPortKind, portsOf } from '../ports';

const TEXT = {
  'loop-inputs': { title: 'Loop inputs', sub: 'each pass' },
  'loop-output': { title: 'Loop output', sub: 'x of the next pass' },
};

/** The open loop's inputs (a source) or output (a sink): moved freely, never selected or deleted. */
export const LoopPortNode = memo(function LoopPortNode({ id, data }: NodeProps<FlowNode>) {
  const kind = loopPortKind(data.type) ?? 'loop-inputs';
  const ports = portsOf(data.type);
  const style = { '--accent': CATEGORY_COLORS.loop } as CSSProperties;
  return (
    <div className={`gnode loop-port ${kind}`} style={style} data-testid={kind} data-type={data.type}>
      <header className="gnode-head">
        <span className="gnode-dot" />
        <span className="gnode-title">{TEXT[kind].title}</span>
      </header>
      <div className="gnode-sub">
        <span>{TEXT[kind].sub}</span>
      </div>
      {ports && <NodePorts nodeId={id} def={ports} />}
    </div>
  );
});
