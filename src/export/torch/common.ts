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
