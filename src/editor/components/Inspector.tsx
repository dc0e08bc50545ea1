import { useGraph } from '../store/graph';
import { LoopActions } from '../loops/components/LoopActions';
import { LoopSummary } from '../loops/components/LoopSummary';
import { useScoped } from '../loops/lens';
import { useRunKey } from '../loops/run-keys';
import { useRun } from '../store/run';
import { useSingleSelection, useView } from '../store/view';
import { paramFields } from '../graph/param-fields';
import { CATEGORY_COLORS, nodeDef } from '../registry';
import { acceptedTypes, PORT_COLORS, portSpec, type PortDecl } from '../../engine/ports';
import { setLabel } from '../actions/rename';
import { canLoadWeights, loadWeightsInto } from '../actions/load-weights';
import { Docs } from './Docs';
import { TextCommit } from './TextCommit';
import { OutputList } from './OutputList';
import { ParamField } from './ParamField';

const WIDTH = 300;

function PortLine({ name, decl, input }: { name: string; decl: PortDecl; input: boolean }) {
  const spec = portSpec(decl);
  return (
    <li>
      <span className="port-chip" style={{ background: PORT_COLORS[spec.type] }} />
      <b>{name}</b> <span className="muted">{input ? acceptedTypes(decl).join(' | ') : spec.type}</span>
      {spec.optional && <span className="muted"> (optional)</span>}
      {spec.doc && <div className="muted small">{spec.doc}</div>}
    </li>
  );
}

const TIPS: [string, string][] = [
  ['Run', 'Ctrl+Enter, or ▶ Run in the toolbar'],
  ['Add a node', 'drag it from the palette, or double-click the canvas'],
  ['Connect', 'drag from an output (right) to an input (left)'],
  ['Help', 'press ? for every shortcut'],
];

/** Short how-tos, term and description. */
export function Tips({ tips }: { tips: [string, string][] }) {
  return (
    <dl className="tips">
      {tips.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** With no single node selected: the graph, and how to start. */
function GraphSummary() {
  const name = useGraph((s) => s.graph.name);
  const description = useGraph((s) => s.graph.description);
  const count = useGraph((s) => s.graph.nodes.length);
  const edges = useGraph((s) => s.graph.edges.length);
  const selected = useView((s) => s.selectedNodes.size);
  return (
    <aside className="inspector" data-testid="inspector">
      <h2>{name}</h2>
      <p className="muted">
        {count} nodes · {edges} edges{selected > 1 ? ` · ${selected} selected` : ''}
      </p>
      {description && <p>{description}</p>}
      <section>
        <h3>Getting started</h3>
        <Tips tips={TIPS} />
        <p className="muted small">Select a node to see its parameters, the equation it implements, its reference in the tutorial and its outputs.</p>
      </section>
    </aside>
  );
}

/** The selected node: its full param form, docs, ports and outputs. */
export function Inspector() {
  const id = useSingleSelection();
  const node = useScoped((s) => (id ? s.nodes.find((n) => n.id === id) : undefined));
  const key = useRunKey(id ?? '');
  const run = useRun((s) => (id ? s.nodes[key] : undefined));
  const outputs = useRun((s) => (id ? s.outputs[key] : undefined));
  const def = node ? nodeDef(node.type) : undefined;
  if (!node || !def) return <LoopSummary fallback={<GraphSummary />} />;
  const fields = paramFields(def);
  return (
    <aside className="inspector" data-testid="inspector" key={node.id}>
      <header className="inspector-head" style={{ borderColor: CATEGORY_COLORS[def.category] }}>
        <TextCommit className="title-input" testId="inspector-label" value={node.label ?? ''} placeholder={def.title} onCommit={(text) => setLabel(node.id, text)} />
        <div className="muted small">
          <span className="chip" style={{ color: CATEGORY_COLORS[def.category] }}>
            {def.category}
          </span>{' '}
          {def.type} v{def.version} · id <code>{node.id}</code>
        </div>
      </header>
      {run?.status === 'error' && (
        <div className="inspector-error" data-testid="inspector-error">
          {run.message}
        </div>
      )}
      <LoopActions node={node} />
      {canLoadWeights(def.type) && (
        <button type="button" className="inspector-action" data-testid="load-weights" title="Use a network trained elsewhere (a PyTorch export's weights/<node>.safetensors, or --save-weights) as this node's result" onClick={() => void loadWeightsInto(node.id)}>
          Load weights…
        </button>
      )}
      {fields.length > 0 && (
        <section>
          <h3>Parameters</h3>
          {fields.map((f) => (
            <ParamField key={f.key} def={def} nodeId={node.id} field={f} params={node.params} testId={`param-${f.key}`} />
          ))}
        </section>
      )}
      <section>
        <h3>About</h3>
        <Docs def={def} />
      </section>
      {(Object.keys(def.inputs).length > 0 || Object.keys(def.outputs).length > 0) && (
        <section className="inspector-ports">
          <h3>Ports</h3>
          <ul>
            {Object.entries(def.inputs).map(([name, decl]) => (
              <PortLine key={`in-${name}`} name={`→ ${name}`} decl={decl} input />
            ))}
            {Object.entries(def.outputs).map(([name, decl]) => (
              <PortLine key={`out-${name}`} name={`${name} →`} decl={decl} input={false} />
            ))}
          </ul>
        </section>
      )}
      {outputs && outputs.length > 0 && (
        <section>
          <h3>Outputs</h3>
          <OutputList id={node.id} outputs={outputs} width={WIDTH - 32} />
        </section>
      )}
    </aside>
  );
}
