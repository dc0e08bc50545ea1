import { defineTorchExport, py, type TorchEmitter, type TorchNode } from './emitter';

/** Emitters that share a shape: a schedule (one helper call with the node's params as keywords). */
export function scheduleEmitter(type: string, fn: string): TorchEmitter {
  return defineTorchExport({
    type,
    helpers: ['schedules'],
    emit: (node) => `return {'schedule': ${fn}(${kwargs(node)})}`,
  });
}

/** The node's params as Python keyword arguments `name=value, …` (all, or those named). */
export function kwargs(node: TorchNode, keys?: readonly string[]): string {
  return (keys ?? Object.keys(node.params))
    .filter((k) => node.params[k] !== undefined)
    .map((k) => `${k}=${py(node.params[k])}`)
    .join(', ');
}

/** One param as a Python literal. */
export function param(node: TorchNode, key: string): string {
  return py(node.params[key]);
}

/** noise/* batch shapes: [n, dim] for points, [n, …shape] when a sample shape is set (sample-shape.ts). */
export function batchShapePy(node: TorchNode): string {
  const p = node.params as { n: number; dim: number; shape?: number[] };
  return py(p.shape ? [p.n, ...p.shape] : [p.n, p.dim]);
}

/**
 * A sampler's function body: the batch check, nfe counted from the predictor's calls, and the
 * lines that set `out` (sampling.py's run_steps result: x0 and trajectory).
 */
export function samplerBody(lines: readonly string[]): string {
  return [
    'if xT.dim() < 2 or xT.shape[0] < 1:',
    "    raise NodeError(f'xT: expected a batch [N, …] with N ≥ 1, got shape {list(xT.shape)}')",
    'calls = predictor.calls',
    ...lines,
    "return {**out, 'nfe': predictor.calls - calls}",
  ].join('\n');
}

/** `name = value` lines for the named params. */
export function paramLines(node: TorchNode, keys: readonly string[]): string[] {
  return keys.map((k) => `${k} = ${py(node.params[k])}`);
}

/** A step node's function body: x checked to be a batch, the optional schedule as None when unbound. */
export function stepBody(lines: readonly string[]): string {
  return [
    'if x.dim() < 2 or x.shape[0] < 1:',
    "    raise NodeError(f'x: expected a batch [N, …], got shape {list(x.shape)}')",
    "schedule = locals().get('schedule')",
    ...lines,
  ].join('\n');
}
