import { Handle, Position } from '@xyflow/react';
import { memo, type CSSProperties } from 'react';
import type { AnyNodeDef } from '../../engine/node';
import { acceptedTypes, PORT_COLORS, portSpec, type PortDecl } from '../../engine/ports';

function tip(name: string, decl: PortDecl, input: boolean): string {
  const spec = portSpec(decl);
  const types = input ? acceptedTypes(decl).join(' | ') : spec.type;
  return `${name}: ${types}${spec.optional ? ' (optional)' : ''}${spec.doc ? ` — ${spec.doc}` : ''}`;
}

function Port({ nodeId, name, decl, input }: { nodeId: string; name: string; decl: PortDecl; input: boolean }) {
  const spec = portSpec(decl);
  const style = { '--port': PORT_COLORS[spec.type] } as CSSProperties;
  return (
    <div className={`port-row ${input ? 'in' : 'out'}`} title={tip(name, decl, input)}>
      <Handle
        type={input ? 'target' : 'source'}
        position={input ? Position.Left : Position.Right}
        id={name}
        className={`port port-${spec.type}${spec.optional ? ' optional' : ''}`}
        style={style}
        data-testid={`port-${nodeId}-${input ? 'in' : 'out'}-${name}`}
        data-port-type={spec.type}
      />
      <span className="port-name">{name}</span>
    </div>
  );
}

/** Inputs on the left, outputs on the right, row by row; colour and shape by port type. */
export const NodePorts = memo(function NodePorts({ nodeId, def }: { nodeId: string; def: Pick<AnyNodeDef, 'inputs' | 'outputs'> }) {
  const inputs = Object.entries(def.inputs);
  const outputs = Object.entries(def.outputs);
  if (!inputs.length && !outputs.length) return null;
  const rows = Math.max(inputs.length, outputs.length);
  return (
    <div className="ports">
      {Array.from({ length: rows }, (_, i) => (
        <div className="port-pair" key={i}>
          {inputs[i] ? <Port nodeId={nodeId} name={inputs[i][0]} decl={inputs[i][1]} input /> : <span />}
          {outputs[i] ? <Port nodeId={nodeId} name={outputs[i][0]} decl={outputs[i][1]} input={false} /> : <span />}
        </div>
      ))}
    </div>
  );
});
