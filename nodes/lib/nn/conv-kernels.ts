// The wasm backend's own kernels first, so the ones replaced below exist when they are wrapped.
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmConvKernels } from './conv-filter-grad-kernel';
import { registerWasmConvInputGrad } from './conv-input-grad-kernel';
import { registerWasmConv2D } from './conv-forward-kernel';
import { registerCpuResizeNearestGrad } from './resize-nearest-grad';
import { registerWasmResizeNearestGrad } from './resize-nearest-grad-kernel';
import { registerWasmResizeNearest } from './resize-nearest-kernel';
import { registerWasmConcat } from '../wasm/concat-kernel';
import { registerWasmSlice } from '../wasm/slice-kernel';
import { registerWasmReductions } from '../wasm/reduce-kernel';
import { registerWasmSharing } from '../wasm/identity-kernel';

/**
 * The kernels a convolutional network's backward pass needs beyond what tfjs 4.22 ships right:
 * Conv2DBackpropFilter on wasm (missing), Conv2D and FusedConv2D (bias only) on wasm for 3×3
 * stride-1 convolutions (Winograd F(2×2, 3×3), F(4×4) on whole 4×4 tiles, ~2–4× XNNPACK's speed
 * on the U-Net's shapes, the bias in the GEMM: replaced there), Conv2DBackpropInput
 * on wasm (the lab's GEMM-based version is 3–10× faster than XNNPACK's deconvolution here:
 * replaced), Slice on wasm (contiguous slices without copying the whole input out: splitting θ into
 * weights), Sum and Mean on wasm over
 * leading or middle axes (per-channel statistics and bias gradients without a transpose), Identity
 * and same-dtype Cast on wasm (shared data instead of copies: the backward pass's saved tensors) and
 * ResizeNearestNeighborGrad on cpu (wrong for batch > 1) and on wasm (~5× faster in the heap), and
 * on wasm ResizeNearestNeighbor and Concat as SIMD copies of runs (the upsampling and the skip
 * concatenations; tfjs-wasm loops per element or per run in JavaScript).
 * Idempotent. Importing this module installs them: the modules that issue these ops
 * (unet-layers.ts, classifier-net.ts) import it, so the node types bring the kernels they need
 * wherever they run (the worker, the CLI, tests, benchmarks), and the engine's backend setup
 * knows nothing of nodes/ (conv-kernels-users.test.ts holds every conv user to the import).
 * Kernels registered after a backend started work too: tfjs looks them up per op, and a
 * replaced kernel's setup ran with the original when the backend started.
 */
export function registerConvKernels(): void {
  registerWasmConvKernels();
  registerWasmConvInputGrad();
  registerWasmConv2D();
  registerWasmSlice();
  registerWasmReductions();
  registerWasmSharing();
  registerCpuResizeNearestGrad();
  registerWasmResizeNearestGrad();
  registerWasmResizeNearest();
  registerWasmConcat();
}

registerConvKernels();
