import * as tf from '@tensorflow/tfjs';
import { addressOf, registerWasmKernel, wasmBackend, type WasmBackendLike } from '../wasm/backend';
import { gemmFor, type Epilogue, type GemmShape } from '../wasm/gemm';
import type { Activation } from './activation';
import { layerSlots } from './mlp-layout';

/**
 * The MLP of mlp.ts, forward and backward, as a few specialised SIMD GEMMs on the tfjs-wasm
 * backend (../wasm/gemm.ts): each layer is one GEMM with the bias and the activation fused, and
 * the backward pass of a layer is two GEMMs (dW = Hᵀ dZ read through strides; dH = dZ Wᵀ with the
 * activation's derivative fused) and a column sum (db = 1ᵀ dZ, a GEMM with a one-row A of ones).
 * The same formulas as mlpForward/mlpBackward's tfjs ops, in the same parameter layout; what it
 * saves: no repacking of the weights on every call, no transposes or concats, ~10 kernels a step
 * instead of ~60. Registered as two tfjs kernels so tensors stay tfjs's (memory, disposal, tidy).
 */
const FORWARD = 'DglMlpForward';
const BACKWARD = 'DglMlpBackward';

interface KernelAttrs {
  sizes: number[];
  activation: Activation;
  inputGrad?: boolean;
}

/** Floats of the saved activations: each hidden layer's h (and sig(z) for silu), [M, n_l] each. */
function savedFloats(M: number, sizes: number[], activation: Activation): number {
  const hidden = sizes.slice(1, -1).reduce((a, n) => a + n, 0);
  return M * hidden * (activation === 'silu' ? 2 : 1);
}

/** Byte addresses of h_l and sig_l (l = 1…L−1) inside the saved block at `base`. */
function savedAddresses(base: number, M: number, sizes: number[], activation: Activation) {
  const h: number[] = [];
  const s: number[] = [];
  let at = base;
  for (let l = 1; l < sizes.length - 1; l++) {
    h[l] = at;
    at += 4 * M * sizes[l];
    s[l] = activation === 'silu' ? at : 0;
    if (activation === 'silu') at += 4 * M * sizes[l];
  }
  return { h, s };
}

const gemm = (be: WasmBackendLike, s: GemmShape) => gemmFor(be, s)!;

/** Z = A W (+ epilogue) for A [M, K] row-major. */
const rowsTimes = (M: number, K: number, N: number, epilogue: Epilogue): GemmShape => ({ M, N, K, aRow: K, aCol: 1, ldb: N, ldc: N, epilogue });

/**
 * With a condition row c [1, n_c] (the last n_c of the n_0 inputs, the same for every row), W_1 =
 * [W_x; W_c] and the first layer is z_1 = x W_x + b', b' = b_1 + c W_c (mlp.ts): B is W_1's
 * first n_x rows (its row stride is unchanged), and b' one more small GEMM.
 */
function forward({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo[] {
  const be = backend as WasmBackendLike;
  const { sizes, activation } = attrs as unknown as KernelAttrs;
  const { x, theta, cond } = inputs as { x: tf.TensorInfo; theta: tf.TensorInfo; cond?: tf.TensorInfo };
  const [M, nx] = x.shape;
  const nc = sizes[0] - nx;
  const L = sizes.length - 1;
  const y = be.makeOutput([M, sizes[L]], 'float32');
  const saved = be.makeOutput([savedFloats(M, sizes, activation)], 'float32');
  const biased = cond ? be.wasm._malloc(4 * sizes[1]) : 0;
  try {
    const th = addressOf(be, theta);
    const slots = layerSlots(sizes);
    const { h, s } = savedAddresses(addressOf(be, saved), M, sizes, activation);
    h[0] = addressOf(be, x);
    // b' = c W_c + b_1: A(0, k) = c_k.
    if (cond) gemm(be, { M: 1, N: sizes[1], K: nc, aRow: 0, aCol: 1, ldb: sizes[1], ldc: sizes[1], epilogue: 'bias' })(addressOf(be, cond), th + 4 * (slots[0].w + nx * sizes[1]), biased, th + 4 * slots[0].b, 0);
    slots.forEach(({ w, b }, i) => {
      const l = i + 1;
      const last = l === L;
      const epilogue = last ? 'bias' : activation === 'relu' ? 'bias-relu' : 'bias-silu';
      const bias = l === 1 && cond ? biased : th + 4 * b;
      gemm(be, rowsTimes(M, l === 1 ? nx : sizes[l - 1], sizes[l], epilogue))(h[l - 1], th + 4 * w, last ? addressOf(be, y) : h[l], bias, last ? 0 : s[l]);
    });
  } finally {
    if (biased) be.wasm._free(biased);
  }
  return [y, saved];
}

/**
 * With a condition row, the first layer's weight gradient is [Xᵀ dZ_1; cᵀ (1ᵀ dZ_1)] and
 * dL/dc = (1ᵀ dZ_1) W_cᵀ: both from db_1 = 1ᵀ dZ_1, and W_1ᵀ = [W_xᵀ W_cᵀ] serves dx and dc.
 */
function backward({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo[] {
  const be = backend as WasmBackendLike;
  const { sizes, activation, inputGrad } = attrs as unknown as KernelAttrs;
  const { dy, x, theta, saved, cond } = inputs as Record<'dy' | 'x' | 'theta' | 'saved', tf.TensorInfo> & { cond?: tf.TensorInfo };
  const [M, nx] = x.shape;
  const nc = sizes[0] - nx;
  const L = sizes.length - 1;
  const slots = layerSlots(sizes);
  const dTheta = be.makeOutput([slots[L - 1].b + sizes[L]], 'float32');
  const dx = inputGrad ? be.makeOutput([M, nx], 'float32') : undefined;
  const dCond = cond ? be.makeOutput([1, nc], 'float32') : undefined;
  // Scratch: the constant 1 (for column sums), Wᵀ of the largest layer, two dZ buffers.
  const widest = Math.max(...sizes.slice(1, -1), 0);
  const wtFloats = Math.max(...slots.map((_, i) => sizes[i] * sizes[i + 1]));
  const scratch = be.wasm._malloc(4 * (4 + wtFloats + 2 * M * widest));
  try {
    const one = scratch;
    const wt = scratch + 16;
    const buffers = [wt + 4 * wtFloats, wt + 4 * wtFloats + 4 * M * widest];
    const heap = be.wasm.HEAPF32; // read after the allocations: the heap may have grown
    heap[one / 4] = 1;
    const th = addressOf(be, theta);
    const dth = addressOf(be, dTheta);
    const { h, s } = savedAddresses(addressOf(be, saved), M, sizes, activation);
    h[0] = addressOf(be, x);
    let dz = addressOf(be, dy);
    for (let l = L; l >= 1; l--) {
      const [nIn, nOut] = [sizes[l - 1], sizes[l]];
      const nA = l === 1 ? nx : nIn; // rows of W_l multiplied by the layer's input rows
      const { w, b } = slots[l - 1];
      // dW = Hᵀ dZ: A(i, k) = H[k, i]; db = 1ᵀ dZ: A(0, k) = 1 for every k.
      gemm(be, { M: nA, N: nOut, K: M, aRow: 1, aCol: nA, ldb: nOut, ldc: nOut, epilogue: 'store' })(h[l - 1], dz, dth + 4 * w, 0, 0);
      gemm(be, { M: 1, N: nOut, K: M, aRow: 0, aCol: 0, ldb: nOut, ldc: nOut, epilogue: 'store' })(one, dz, dth + 4 * b, 0, 0);
      // dW_c = cᵀ db_1: A(i, 0) = c_i, K = 1.
      if (l === 1 && cond) gemm(be, { M: nc, N: nOut, K: 1, aRow: 1, aCol: 0, ldb: nOut, ldc: nOut, epilogue: 'store' })(addressOf(be, cond), dth + 4 * b, dth + 4 * (w + nx * nOut), 0, 0);
      if (l === 1 && !dx && !cond) break;
      transposeInto(heap, th / 4 + w, nIn, nOut, wt / 4);
      if (l === 1) {
        // dx = dZ_1 W_xᵀ and dc = db_1 W_cᵀ: columns of W_1ᵀ [n_1, n_0] (row stride n_0).
        if (dx) gemm(be, { M, N: nx, K: nOut, aRow: nOut, aCol: 1, ldb: nIn, ldc: nx, epilogue: 'store' })(dz, wt, addressOf(be, dx), 0, 0);
        if (dCond) gemm(be, { M: 1, N: nc, K: nOut, aRow: 0, aCol: 1, ldb: nIn, ldc: nc, epilogue: 'store' })(dth + 4 * b, wt + 4 * nx, addressOf(be, dCond), 0, 0);
        break;
      }
      // dH = dZ Wᵀ, times the activation's derivative.
      const out = buffers[l % 2];
      gemm(be, rowsTimes(M, nOut, nIn, activation === 'relu' ? 'relu-grad' : 'silu-grad'))(dz, wt, out, h[l - 1], s[l - 1]);
      dz = out;
    }
  } finally {
    be.wasm._free(scratch);
  }
  return [dTheta, ...(dx ? [dx] : []), ...(dCond ? [dCond] : [])];
}

/** out[j, i] = W[i, j] for W [n, m] at float index `from`. */
function transposeInto(heap: Float32Array, from: number, n: number, m: number, to: number): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) heap[to + j * n + i] = heap[from + i * m + j];
}

/** Whether the kernels can run here: the tfjs-wasm backend with WASM SIMD. */
export function mlpKernelAvailable(): boolean {
  const be = wasmBackend();
  if (!be || !gemmFor(be, rowsTimes(1, 1, 1, 'store'))) return false;
  registerWasmKernel(FORWARD, forward);
  registerWasmKernel(BACKWARD, backward);
  return true;
}

/** y = MLP_θ(x) (with the condition row, when given) and the saved activations (each hidden h, and sig(z) for silu) as one flat tensor. */
export function mlpForwardKernel(theta: tf.Tensor1D, x: tf.Tensor2D, cond: tf.Tensor2D | undefined, sizes: number[], activation: Activation): { y: tf.Tensor2D; acts: tf.Tensor1D } {
  const inputs: tf.NamedTensorMap = cond ? { x, theta, cond } : { x, theta };
  const [y, acts] = tf.engine().runKernel(FORWARD, inputs, { sizes, activation } as unknown as tf.NamedAttrMap) as [tf.Tensor2D, tf.Tensor1D];
  return { y, acts };
}

/** dθ (θ's layout), dL/dx with `inputGrad`, and dL/dc with a condition row, from dL/dy and the forward's inputs and saved activations. */
export function mlpBackwardKernel(dy: tf.Tensor2D, x: tf.Tensor2D, theta: tf.Tensor1D, acts: tf.Tensor1D, cond: tf.Tensor2D | undefined, sizes: number[], activation: Activation, inputGrad: boolean): { dTheta: tf.Tensor1D; dx?: tf.Tensor2D; dCond?: tf.Tensor2D } {
  const inputs: tf.NamedTensorMap = cond ? { dy, x, theta, saved: acts, cond } : { dy, x, theta, saved: acts };
  const outs = tf.engine().runKernel(BACKWARD, inputs, { sizes, activation, inputGrad } as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return { dTheta: outs[0] as tf.Tensor1D, dx: inputGrad ? (outs[1] as tf.Tensor2D) : undefined, dCond: cond ? (outs.at(-1) as tf.Tensor2D) : undefined };
}
