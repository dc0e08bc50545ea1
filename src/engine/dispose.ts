import * as tf from '@tensorflow/tfjs';

/**
 * Release a node's outputs: tensors (also inside plain objects and arrays, e.g. a
 * trajectory's frames) and values with their own `dispose()` (distributions,
 * predictors, models, which release only what they own).
 */
export function disposeValues(values: Record<string, unknown>): void {
  const seen = new Set<unknown>();
  const visit = (v: unknown, depth: number): void => {
    if (!v || typeof v !== 'object' || seen.has(v) || depth > 4) return;
    seen.add(v);
    if (v instanceof tf.Tensor) {
      if (!v.isDisposed) v.dispose();
      return;
    }
    if (ArrayBuffer.isView(v)) return;
    const disposable = v as { dispose?: unknown };
    if (typeof disposable.dispose === 'function') {
      (disposable.dispose as () => void).call(v);
      return;
    }
    for (const inner of Array.isArray(v) ? v : Object.values(v)) visit(inner, depth + 1);
  };
  for (const v of Object.values(values)) visit(v, 0);
}

/** Count the distinct tensors reachable from a node's outputs (for summaries and leak checks). */
export function tensorsIn(values: Record<string, unknown>): tf.Tensor[] {
  const found = new Set<tf.Tensor>();
  const visit = (v: unknown, depth: number): void => {
    if (!v || typeof v !== 'object' || depth > 4) return;
    if (v instanceof tf.Tensor) found.add(v);
    else if (!ArrayBuffer.isView(v)) for (const inner of Array.isArray(v) ? v : Object.values(v)) visit(inner, depth + 1);
  };
  for (const v of Object.values(values)) visit(v, 0);
  return [...found];
}
