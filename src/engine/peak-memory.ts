import * as tf from '@tensorflow/tfjs';

/**
 * The high-water mark of tfjs's tensor memory, for the benchmarks (bench/memory.ts in Node,
 * the worker's `memory({ resetPeak: true })` in the browser). tf.memory() gives only what is
 * held now, and polling it would miss the peaks inside synchronous loops; so a wrapper around
 * the engine's `trackTensor` (every tensor a kernel, an upload or a variable makes passes
 * through it, right after the engine has added its bytes to `state`) keeps the largest
 * `numBytes` and `numTensors` seen. Tensors only grow the state when they are made, so this
 * sees every maximum: disposals only lower it.
 *
 * Off until installPeakTracker(): nothing is wrapped and nothing is paid before. Installed, it
 * costs two comparisons per tensor made (tens of ns, against tens of µs per op).
 */
interface EngineInternals {
  state: { numBytes: number; numTensors: number };
  trackTensor: (a: tf.Tensor, backend: unknown) => void;
}

export interface MemorySnapshot {
  numTensors: number;
  numBytes: number;
}

let installed: { engine: EngineInternals; original: EngineInternals['trackTensor'] } | null = null;
const peak: MemorySnapshot = { numTensors: 0, numBytes: 0 };
/** Tensors made since the tracker was installed: kernel outputs, uploads, variables (a proxy for op count). */
let made = 0;

export function snapshot(): MemorySnapshot {
  const m = tf.memory();
  return { numTensors: m.numTensors, numBytes: m.numBytes };
}

/** Start keeping the high-water mark (idempotent); it starts at what is held now. */
export function installPeakTracker(): void {
  if (installed) return;
  const engine = tf.engine() as unknown as EngineInternals;
  const original = engine.trackTensor;
  engine.trackTensor = function (this: EngineInternals, a, backend) {
    original.call(this, a, backend);
    made++;
    if (this.state.numBytes > peak.numBytes) peak.numBytes = this.state.numBytes;
    if (this.state.numTensors > peak.numTensors) peak.numTensors = this.state.numTensors;
  };
  installed = { engine, original };
  resetPeak();
}

/** Put the engine's own trackTensor back. */
export function uninstallPeakTracker(): void {
  if (!installed) return;
  installed.engine.trackTensor = installed.original;
  installed = null;
}

export function peakTrackerInstalled(): boolean {
  return installed !== null;
}

/** Reset the high-water mark to what is held now. */
export function resetPeak(): void {
  Object.assign(peak, snapshot());
}

/** The high-water mark since the last reset, absolute (tf.memory() terms). */
export function currentPeak(): MemorySnapshot {
  return { ...peak };
}

export function tensorsMade(): number {
  return made;
}
