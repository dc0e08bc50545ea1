import * as tf from '@tensorflow/tfjs';
import { addressOf, cachedKernel, instantiate, registerWasmKernel, relaxedSimdAvailable, simdKernelsAvailable, wasmBackend, type WasmBackendLike } from '../wasm/backend';
import type { FunctionSpec } from '../wasm/encode';
import { applyCode, dxCode, dzCode, statsCode, type Act } from './groupnorm-silu-code';

/**
 * GroupNorm (Wu & He 2018) with its affine map and an activation, forward and backward, as tfjs
 * kernels on the wasm backend's memory (the loops: groupnorm-silu-code.ts). For x [N, H, W, C] in G
 * groups of C/G channels, M = H·W·C/G numbers per (example n, group g):
 *
 *   μ = (1/M) Σ x,  var = (1/M) Σ x² − μ² (clamped at 0),  r = 1/√(var + ε)
 *   z = γ_c (x − μ) r + β_c = (x − μ)·A + β_c,  A = γ_c r,   y = act(z)
 *
 * (per-channel sums of x and x² in float64 over the pixels, one pass; the group sums in float64.)
 * Backward, with dz = dy·act'(z), x̂ = (x − μ) r, the sums S₁ = Σ_g γ_c dz, S₂ = Σ_g γ_c dz x̂:
 *
 *   dx = r (γ_c dz − S₁/M − x̂ S₂/M) = dz·P + (x − μ)·Q + R,   P = γ_c r,  Q = −r² S₂/M,  R = −r S₁/M
 *   dγ_c = Σ_n Σ_p dz x̂ = Σ_n r Σ_p dz (x − μ),   dβ_c = Σ_n Σ_p dz
 *
 * so a step reads x twice and writes y (forward), and reads x, dy, writes dz, reads dz, x and writes
 * dx (backward), where tfjs ops made ~8 kernels each way. The forward kernel also returns the
 * statistics [N, G, 2] (μ, r) for the backward kernel.
 */
export const FORWARD = 'DglGroupNormAct';
export const BACKWARD = 'DglGroupNormActGrad';

export interface GroupNormAttrs {
  groups: number;
  epsilon: number;
  act: Act;
}

type Fn = (...args: number[]) => void;

/** The maps' multiply-adds fused where the engine has relaxed SIMD (groupnorm-silu-code.ts). */
const FMA = () => relaxedSimdAvailable();

function kernel(be: WasmBackendLike, key: string, code: () => FunctionSpec): Fn {
  const f = cachedKernel(be, `groupnorm:${key}`, (memory) => instantiate<Fn>(code(), memory));
  if (!f) throw new Error('GroupNorm (wasm): the SIMD kernel could not be built');
  return f;
}

/** A scratch block of `floats` float32 (zeroed), freed by the caller. */
function scratch(be: WasmBackendLike, floats: number): number {
  const p = be.wasm._malloc(4 * floats);
  be.wasm.HEAPF32.fill(0, p / 4, p / 4 + floats);
  return p;
}

/** Per example: Σ_p x and Σ_p x² per channel, [N, 2C] doubles at acc. */
function channelSums(be: WasmBackendLike, x: number, N: number, P: number, C: number, acc: number): void {
  const stats = kernel(be, `stats:${C}`, () => statsCode(C));
  for (let n = 0; n < N; n++) stats(x + 4 * n * P * C, acc + 16 * n * C, P);
}

function forwardFunc({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo[] {
  const be = backend as WasmBackendLike;
  const { x, gamma, beta } = inputs as Record<'x' | 'gamma' | 'beta', tf.TensorInfo>;
  const { groups: G, epsilon, act } = attrs as unknown as GroupNormAttrs;
  const [N, H, W, C] = x.shape;
  const [P, cg] = [H * W, C / G];
  const M = P * cg;
  const y = be.makeOutput(x.shape, 'float32');
  const stats = be.makeOutput([N, G, 2], 'float32');
  const acc = scratch(be, N * 4 * C);
  const coef = be.wasm._malloc(4 * 3 * C);
  try {
    const [xa, ya, sa] = [addressOf(be, x), addressOf(be, y), addressOf(be, stats) / 4];
    channelSums(be, xa, N, P, C, acc);
    const apply = kernel(be, `apply:${C},${act},${FMA()}`, () => applyCode(C, act, FMA()));
    const heap = be.wasm.HEAPF32; // after every allocation: the heap may have grown
    const [ga, ba] = [addressOf(be, gamma) / 4, addressOf(be, beta) / 4];
    const sums = new Float64Array(heap.buffer, acc, N * 2 * C);
    for (let n = 0; n < N; n++) {
      const s = 2 * n * C;
      for (let g = 0; g < G; g++) {
        let [sum, sq] = [0, 0];
        for (let c = g * cg; c < (g + 1) * cg; c++) [sum, sq] = [sum + sums[s + c], sq + sums[s + C + c]];
        const mu = sum / M;
        const r = 1 / Math.sqrt(Math.max(sq / M - mu * mu, 0) + epsilon);
        heap[sa + 2 * (n * G + g)] = mu;
        heap[sa + 2 * (n * G + g) + 1] = r;
        for (let c = g * cg; c < (g + 1) * cg; c++) {
          heap[coef / 4 + c] = mu;
          heap[coef / 4 + C + c] = heap[ga + c] * r;
          heap[coef / 4 + 2 * C + c] = heap[ba + c];
        }
      }
      apply(xa + 4 * n * P * C, ya + 4 * n * P * C, coef, P);
    }
  } finally {
    be.wasm._free(acc);
    be.wasm._free(coef);
  }
  return [y, stats];
}

function backwardFunc({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo[] {
  const be = backend as WasmBackendLike;
  const { dy, x, gamma, beta, stats } = inputs as Record<'dy' | 'x' | 'gamma' | 'beta' | 'stats', tf.TensorInfo>;
  const { groups: G, act } = attrs as unknown as GroupNormAttrs;
  const [N, H, W, C] = x.shape;
  const [P, cg] = [H * W, C / G];
  const M = P * cg;
  const dx = be.makeOutput(x.shape, 'float32');
  const dgamma = be.makeOutput(gamma.shape, 'float32');
  const dbeta = be.makeOutput(beta.shape, 'float32');
  const acc = scratch(be, 2 * C);
  const coef = be.wasm._malloc(4 * 4 * C);
  const dG = new Float64Array(C);
  const dB = new Float64Array(C);
  try {
    const [xa, dya, dxa] = [addressOf(be, x), addressOf(be, dy), addressOf(be, dx)];
    const dzOf = kernel(be, `dz:${C},${act},${FMA()}`, () => dzCode(C, act, FMA()));
    const dxOf = kernel(be, `dx:${C}`, () => dxCode(C));
    const heap = be.wasm.HEAPF32;
    const [ga, ba, sa, ca, aa] = [addressOf(be, gamma) / 4, addressOf(be, beta) / 4, addressOf(be, stats) / 4, coef / 4, acc / 4];
    for (let n = 0; n < N; n++) {
      const [off, groupStats] = [4 * n * P * C, sa + 2 * n * G];
      // coef = [μ, A, β] of the forward map, to recompute z
      for (let c = 0; c < C; c++) {
        const [mu, r] = [heap[groupStats + 2 * Math.floor(c / cg)], heap[groupStats + 2 * Math.floor(c / cg) + 1]];
        heap[ca + c] = mu;
        heap[ca + C + c] = heap[ga + c] * r;
        heap[ca + 2 * C + c] = heap[ba + c];
      }
      heap.fill(0, aa, aa + 2 * C);
      dzOf(xa + off, dya + off, dxa + off, coef, acc, P);
      for (let g = 0; g < G; g++) {
        const r = heap[groupStats + 2 * g + 1];
        let [s1, s2] = [0, 0];
        for (let c = g * cg; c < (g + 1) * cg; c++) {
          const [sumDz, sumDzX] = [heap[aa + c], heap[aa + C + c]]; // Σ dz, Σ dz (x − μ)
          s1 += heap[ga + c] * sumDz;
          s2 += heap[ga + c] * r * sumDzX;
          dG[c] += r * sumDzX;
          dB[c] += sumDz;
        }
        const [Q, R] = [(-r * r * s2) / M, (-r * s1) / M];
        for (let c = g * cg; c < (g + 1) * cg; c++) {
          heap[ca + C + c] = heap[ga + c] * r; // μ stays in coef[0, C)
          heap[ca + 2 * C + c] = Q;
          heap[ca + 3 * C + c] = R;
        }
      }
      dxOf(act === 'silu' ? dxa + off : dya + off, xa + off, dxa + off, coef, P);
    }
    heap.set(Float32Array.from(dG), addressOf(be, dgamma) / 4);
    heap.set(Float32Array.from(dB), addressOf(be, dbeta) / 4);
  } finally {
    be.wasm._free(acc);
    be.wasm._free(coef);
  }
  return [dx, dgamma, dbeta];
}

/**
 * Whether the fused kernels serve x here: the wasm backend with WASM SIMD, float32 NHWC images
 * whose channels are a multiple of 4 and of the groups (registers the kernels on first use).
 */
export function groupNormKernelApplies(x: tf.Tensor, groups: number): boolean {
  const C = x.shape[3] ?? 0;
  if (x.rank !== 4 || x.dtype !== 'float32' || C % 4 !== 0 || C % groups !== 0 || !wasmBackend() || !simdKernelsAvailable()) return false;
  registerWasmKernel(FORWARD, forwardFunc);
  registerWasmKernel(BACKWARD, backwardFunc);
  return true;
}
