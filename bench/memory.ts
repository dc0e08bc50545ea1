import * as tf from '@tensorflow/tfjs';

/**
 * Memory accounting for the benchmarks. tf.memory() gives the tensors and bytes held now;
 * the peak comes from a wrapper around the engine's trackTensor (every tensor a kernel, an
 * upload or a variable makes passes through it), which keeps the high-water mark of
 * numBytes and numTensors. Polling tf.memory() would miss peaks inside synchronous loops.
 * The wrapper costs one comparison per tensor (tens of ns against tens of µs per op) and is
 * installed for the whole run, so every variant pays it alike.
 */
interface EngineInternals {
  state: { numBytes: number; numTensors: number };
  trackTensor: (a: tf.Tensor, backend: unknown) => void;
}

export interface MemorySnapshot {
  numTensors: number;
  numBytes: number;
}

export interface MemoryReport {
  before: MemorySnapshot;
  after: MemorySnapshot;
  /** High-water mark during the runs, absolute (tf.memory() terms). */
  peak: MemorySnapshot;
  /** after − before: must be 0 (a leak otherwise). */
  leakedTensors: number;
  leakedBytes: number;
  /** Size of the WASM heap at the end (it grows and never shrinks), when on the wasm backend. */
  wasmHeapBytes?: number;
}

let installed: { engine: EngineInternals; original: EngineInternals['trackTensor'] } | null = null;
const peak: MemorySnapshot = { numTensors: 0, numBytes: 0 };
/** Tensors made since the tracker was installed: kernel outputs, uploads, variables (a proxy for op count). */
let made = 0;

export function tensorsMade(): number {
  return made;
}

export function snapshot(): MemorySnapshot {
  const m = tf.memory();
  return { numTensors: m.numTensors, numBytes: m.numBytes };
}

/** Start keeping the high-water mark (idempotent). */
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
}

export function uninstallPeakTracker(): void {
  if (!installed) return;
  installed.engine.trackTensor = installed.original;
  installed = null;
}

/** Reset the high-water mark to what is held now. */
export function resetPeak(): void {
  Object.assign(peak, snapshot());
}

export function currentPeak(): MemorySnapshot {
  return { ...peak };
}

/** The WASM heap's size when the wasm backend is active (undefined elsewhere). */
export function wasmHeapBytes(): number | undefined {
  if (tf.getBackend() !== 'wasm') return undefined;
  const wasm = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm;
  return wasm?.HEAPU8?.length;
}

export function memoryReport(before: MemorySnapshot, after: MemorySnapshot, peakSeen: MemorySnapshot): MemoryReport {
  return {
    before,
    after,
    peak: peakSeen,
    leakedTensors: after.numTensors - before.numTensors,
    leakedBytes: after.numBytes - before.numBytes,
    wasmHeapBytes: wasmHeapBytes(),
  };
}
