import type { AnyNodeDef } from '../../engine/node';
import type { PortDecl, PortType } from '../../engine/ports';
import { nodeDef } from '../registry';

/**
 * Inside an open loop the canvas shows two nodes that are not in the file: the loop's
 * inputs (a source with one output per value the loop provides its body: x, level,
 * predictor, schedule) and its output (a sink whose one input is the next x). Their ids
 * hold '@', which no graph node id may, so they never collide with body nodes.
 */
export const LOOP_IN = '@in';
export const LOOP_OUT = '@out';
/** The output port of the sink node (the loop reads the next x from what feeds it). */
export const OUTPUT_PORT = 'x';

const IN_TYPE = '@inputs:';
const OUT_TYPE = '@output:';

export type Ports = Pick<AnyNodeDef, 'inputs' | 'outputs'>;

export function isLoopPort(id: string): boolean {
  return id === LOOP_IN || id === LOOP_OUT;
}

/** The pseudo node types of a loop type: they carry the loop's type, whose def says the ports. */
export function loopPortTypes(loopType: string): { inputs: string; output: string } {
  return { inputs: IN_TYPE + loopType, output: OUT_TYPE + loopType };
}

/** The React Flow component of a node type: the loop's two pseudo nodes, or null for every real node. */
export function loopPortKind(type: string): 'loop-inputs' | 'loop-output' | null {
  return type.startsWith(IN_TYPE) ? 'loop-inputs' : type.startsWith(OUT_TYPE) ? 'loop-output' : null;
}

/** What each value a loop provides is, for the port tooltips. */
const DOCS: Record<string, string> = {
  x: 'the state: x_T on the first pass, then what the body returned',
  level: 'this pass: its noise level (a, s, t → t_next, chain indices) and noise seed',
  predictor: 'the loop’s predictor input',
  schedule: 'the loop’s schedule input',
};

const decl = (name: string, type: PortType): PortDecl => (DOCS[name] ? { type, doc: DOCS[name] } : type);

/** The ports of a node type: a registered node's, or those of a loop's inputs/output node. */
export function portsOf(type: string): Ports | undefined {
  const kind = loopPortKind(type);
  if (!kind) return nodeDef(type);
  const spec = nodeDef(type.slice((kind === 'loop-inputs' ? IN_TYPE : OUT_TYPE).length))?.body;
  if (!spec) return undefined;
  if (kind === 'loop-inputs') return { inputs: {}, outputs: Object.fromEntries(Object.entries(spec.provides).map(([name, type]) => [name, decl(name, type)])) };
  return { inputs: { [OUTPUT_PORT]: { type: spec.returns, doc: 'the next x: the state of the next pass (x0 after the last)' } }, outputs: {} };
}
