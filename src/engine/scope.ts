import * as tf from '@tensorflow/tfjs';

interface EngineScope {
  track: tf.Tensor[];
}

/**
 * Run an async node inside a tfjs scope, as a safety net: if it throws (an error or a
 * cancel), every tensor it created and did not dispose is released, so a failed or
 * cancelled run leaks nothing. If it succeeds, every tensor it left alive is kept
 * (outputs, and tensors held inside output values such as a predictor's constants).
 * tf.tidy cannot do this: it refuses async functions. Runs never overlap in one
 * engine, so the scope sees only this node's tensors.
 */
export async function withTensorScope<T>(fn: () => Promise<T>): Promise<T> {
  const engine = tf.engine() as unknown as { startScope(name?: string): void; endScope(result?: unknown): void; state: { activeScope: EngineScope } };
  engine.startScope('node');
  const scope = engine.state.activeScope;
  try {
    const result = await fn();
    for (const t of scope.track) if (!t.isDisposed) tf.keep(t);
    return result;
  } finally {
    // endScope disposes the scope's tensors that were not kept.
    engine.endScope();
  }
}
