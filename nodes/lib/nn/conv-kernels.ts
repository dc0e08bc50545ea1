import { registerWasmConvKernels } from './conv-filter-grad-kernel';
import { registerWasmConvInputGrad } from './conv-input-grad-kernel';
import { registerCpuResizeNearestGrad } from './resize-nearest-grad';
import { registerWasmSlice } from '../wasm/slice-kernel';
import { registerWasmReductions } from '../wasm/reduce-kernel';

/**
 * The kernels a convolutional network's backward pass needs beyond what tfjs 4.22 ships right:
 * Conv2DBackpropFilter on wasm (missing), Conv2DBackpropInput on wasm (the lab's GEMM-based
 * version is 3–10× faster than XNNPACK's deconvolution here: replaced), Slice on wasm (contiguous
 * slices without copying the whole input out: splitting θ into weights), Sum and Mean on wasm over
 * leading or middle axes (per-channel statistics and bias gradients without a transpose) and
 * ResizeNearestNeighborGrad on cpu (wrong for batch > 1).
 * Idempotent; called where a backend is set up (src/engine/backend-node.ts, workers/backend-browser.ts).
 */
export function registerConvKernels(): void {
  registerWasmConvKernels();
  registerWasmConvInputGrad();
  registerWasmSlice();
  registerWasmReductions();
  registerCpuResizeNearestGrad();
}
