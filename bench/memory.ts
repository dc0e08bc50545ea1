import * as tf from '@tensorflow/tfjs';
import type { MemorySnapshot } from '../src/engine/peak-memory';

/**
 * Memory accounting for the benchmarks. tf.memory() gives the tensors and bytes held now; the
 * peak is the high-water mark kept by src/engine/peak-memory.ts (a wrapper around the engine's
 * trackTensor, shared with the browser worker's `memory({ resetPeak: true })`). The suite
 * installs it for the whole run, so every variant pays its one comparison per tensor alike.
 */
export { currentPeak, installPeakTracker, resetPeak, snapshot, tensorsMade, uninstallPeakTracker, type MemorySnapshot } from '../src/engine/peak-memory';

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
