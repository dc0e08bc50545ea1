import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { wasmBackend } from '../wasm/backend';
import { relDiff, values } from './conv-testing';
import { groupNormAct, groupNormActOps, type Act } from './groupnorm-silu';
import { BACKWARD, FORWARD, groupNormKernelApplies } from './groupnorm-silu-kernel';

interface Case {
  x: [number, number, number, number];
  groups: number;
  act: Act;
}

// Batch 1–3, odd heights and widths, 1 to 8 groups of 1 to 12 channels, a single pixel (groups of
// M = 4 numbers), both activations; 32 channels in 8 groups as the U-Net's first level.
const CASES: Case[] = [
  { x: [1, 3, 5, 4], groups: 1, act: 'silu' },
  { x: [2, 5, 3, 8], groups: 2, act: 'silu' },
  { x: [3, 7, 7, 12], groups: 4, act: 'silu' },
  { x: [2, 4, 6, 16], groups: 8, act: 'none' },
  { x: [2, 1, 1, 16], groups: 4, act: 'silu' },
  { x: [2, 5, 7, 32], groups: 8, act: 'silu' },
  { x: [1, 5, 3, 24], groups: 2, act: 'none' },
];
const label = (c: Case) => `x [${c.x}], ${c.groups} groups, ${c.act}`;
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** x with a per-channel offset (a mean far from 0, as after a convolution), γ, β and the weights r of L = Σ y ⊙ r. */
function data(c: Case) {
  const C = c.x[3];
  const x = values(size(c.x), 1).map((v, i) => 2 * v + 0.3 * (i % C) - 1);
  return { x, gamma: values(C, 2).map((v) => 1 + v), beta: values(C, 3), r: values(size(c.x), 4) };
}

function tensors(c: Case) {
  const d = data(c);
  return { x: tf.tensor4d(d.x, c.x), gamma: tf.tensor1d(d.gamma), beta: tf.tensor1d(d.beta), r: tf.tensor4d(d.r, c.x) };
}

/** y from the definition in float64 (two-pass variance), and L = Σ y r. */
function float64Forward(c: Case, x: ArrayLike<number>, gamma: ArrayLike<number>, beta: ArrayLike<number>): Float64Array {
  const [N, H, W, C] = c.x;
  const cg = C / c.groups;
  const y = new Float64Array(x.length);
  for (let n = 0; n < N; n++)
    for (let g = 0; g < c.groups; g++) {
      const idx: number[] = [];
      for (let p = 0; p < H * W; p++) for (let ch = g * cg; ch < (g + 1) * cg; ch++) idx.push((n * H * W + p) * C + ch);
      const mu = idx.reduce((s, i) => s + x[i], 0) / idx.length;
      const variance = idx.reduce((s, i) => s + (x[i] - mu) ** 2, 0) / idx.length;
      for (const i of idx) {
        const z = (gamma[i % C] * (x[i] - mu)) / Math.sqrt(variance + 1e-5) + beta[i % C];
        y[i] = c.act === 'silu' ? z / (1 + Math.exp(-z)) : z;
      }
    }
  return y;
}

const loss64 = (c: Case, x: ArrayLike<number>, gamma: ArrayLike<number>, beta: ArrayLike<number>, r: ArrayLike<number>) =>
  float64Forward(c, x, gamma, beta).reduce((s, y, i) => s + y * r[i], 0);

/** dL/dx, dL/dγ, dL/dβ by central differences of the float64 forward (h = 1e-5: error ~1e-9). */
function float64Grads(c: Case) {
  const d = data(c);
  const grad = (which: 'x' | 'gamma' | 'beta') =>
    Float64Array.from(d[which], (_, j) => {
      const at = (h: number) => {
        const v = Float64Array.from(d[which]);
        v[j] += h;
        const args = { ...d, [which]: v };
        return loss64(c, args.x, args.gamma, args.beta, d.r);
      };
      return (at(1e-5) - at(-1e-5)) / 2e-5;
    });
  return { dx: grad('x'), dgamma: grad('gamma'), dbeta: grad('beta') };
}

/** y and the three gradients on the backend in use, through `f`. */
async function run(c: Case, f: typeof groupNormAct) {
  const t = tensors(c);
  const y = f(t.x, t.gamma, t.beta, c.groups, c.act);
  const grads = tf.grads((x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(x as tf.Tensor4D, g, b, c.groups, c.act), t.r)))([t.x, t.gamma, t.beta]);
  const out = { y: await y.data(), dx: await grads[0].data(), dgamma: await grads[1].data(), dbeta: await grads[2].data() };
  tf.dispose([y, ...grads, ...Object.values(t)]);
  return out;
}

describe.runIf(wasmBackend() !== null)('fused GroupNorm + activation on wasm', () => {
  const cpu = new Map<Case, Awaited<ReturnType<typeof run>>>();
  beforeAll(async () => {
    // tfjs's autodiff of the ops twin on the cpu backend is the reference.
    await tf.setBackend('cpu');
    for (const c of CASES) cpu.set(c, await run(c, groupNormActOps));
    await tf.setBackend('wasm');
  });

  for (const c of CASES) {
    it(`matches the float64 definition, finite differences and cpu autodiff: ${label(c)}`, async () => {
      const before = tf.memory().numTensors;
      const probe = tf.zeros(c.x);
      expect(groupNormKernelApplies(probe, c.groups)).toBe(true);
      probe.dispose();
      const wasm = await run(c, groupNormAct);
      const d = data(c);
      const ref = float64Grads(c);
      // float32 statistics over ≤ 300 numbers of size ≤ 12 (one pass, E[x²] − μ²) and float32 outputs:
      // a few 1e-6 of the largest values (|y| ≤ ~4).
      expect(relDiff(wasm.y, float64Forward(c, d.x, d.gamma, d.beta))).toBeLessThan(1e-5);
      expect(relDiff(wasm.y, cpu.get(c)!.y)).toBeLessThan(1e-5);
      for (const k of ['dx', 'dgamma', 'dbeta'] as const) {
        // dγ and dβ sum up to 600 products (|·| ≤ ~40): 2e-5 of the largest entry.
        expect(relDiff(wasm[k], ref[k]), k).toBeLessThan(2e-5);
        expect(relDiff(wasm[k], cpu.get(c)![k]), k).toBeLessThan(2e-5);
      }
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('agrees with central finite differences of its own float32 forward', async () => {
    // h = 0.02 on L of ~100 terms: truncation ~h²·L''' ≈ 1e-3, float32 rounding ~1e-7·Σ|y r|/h ≈ 1e-4.
    for (const c of [CASES[1], CASES[3]]) {
      const t = tensors(c);
      const L = (x: tf.Tensor) => tf.sum(tf.mul(groupNormAct(x as tf.Tensor4D, t.gamma, t.beta, c.groups, c.act), t.r));
      const dx = await tf.tidy(() => tf.grad(L)(t.x)).data();
      const x = await t.x.data();
      for (const j of [0, 5, x.length - 1, Math.floor(x.length / 2)]) {
        const at = (h: number) => {
          const shifted = Float32Array.from(x);
          shifted[j] += h;
          return tf.tidy(() => L(tf.tensor4d(shifted, c.x)).arraySync() as number);
        };
        const fd = (at(0.02) - at(-0.02)) / 0.04;
        expect(Math.abs(fd - dx[j]), `${label(c)} entry ${j}`).toBeLessThan(3e-3 * Math.max(1, Math.abs(dx[j])));
      }
      tf.dispose(Object.values(t));
    }
  });

  it('records one kernel per direction: the tape holds the fused op, not its parts', async () => {
    const c = CASES[2];
    const t = tensors(c);
    const info = await tf.profile(() => {
      tf.dispose(tf.grads((x: tf.Tensor) => tf.sum(tf.mul(groupNormAct(x as tf.Tensor4D, t.gamma, t.beta, c.groups, c.act), t.r)))([t.x]));
    });
    const kernels = info.kernels.map((k) => k.name);
    expect(kernels.filter((k) => k === FORWARD)).toHaveLength(1);
    expect(kernels.filter((k) => k === BACKWARD)).toHaveLength(1);
    expect(kernels).not.toContain('Sigmoid');
    expect(kernels).not.toContain('Rsqrt');
    tf.dispose(Object.values(t));
  });

  it('falls back to the ops twin where the kernel does not apply (channels not a multiple of 4)', async () => {
    const c: Case = { x: [2, 3, 3, 6], groups: 3, act: 'silu' };
    const t = tensors(c);
    expect(groupNormKernelApplies(t.x, c.groups)).toBe(false);
    const y = groupNormAct(t.x, t.gamma, t.beta, c.groups, c.act);
    const d = data(c);
    expect(relDiff(await y.data(), float64Forward(c, d.x, d.gamma, d.beta))).toBeLessThan(1e-5);
    tf.dispose([y, ...Object.values(t)]);
  });
});
