// `npx tsx bench/winograd-speed.ts`: CPU ms and GFLOP/s (direct-convolution FLOPs) of each 3×3 stride-1
// convolution shape of model/unet's default net at batch 64: XNNPACK's Conv2D, the lab's im2col + GEMM
// (conv-forward-kernel.ts), Winograd F(2×2) and F(4×4) (winograd-conv.ts); filter gradients likewise.
import * as tf from '@tensorflow/tfjs';
import { selectNodeBackend } from '../src/engine/backend-node';
import { addressOf, wasmBackend } from '../nodes/lib/wasm/backend';
import { convGeometry } from '../nodes/lib/nn/conv-geometry';
import { conv2dInto } from '../nodes/lib/nn/conv-forward-kernel';
import { filterGradInto } from '../nodes/lib/nn/conv-filter-grad-kernel';
import { conv2dWinogradInto, filterGradWinogradInto } from '../nodes/lib/nn/winograd-conv';
import { F2, F3, F4 } from '../nodes/lib/nn/winograd-matrices';

await selectNodeBackend('wasm');
const be = wasmBackend()!;
const xnnpack = tf.getKernel('Conv2D', 'wasm')!.kernelFunc;
const SHAPES: [number, number, number][] = process.env.WG_SHAPES ? JSON.parse(process.env.WG_SHAPES) : [[28, 32, 32], [28, 96, 32], [28, 64, 64], [14, 32, 64], [14, 64, 64], [14, 128, 64], [7, 64, 64], [7, 128, 64]];
const cpu = (f: () => void, reps: number) => {
  for (let i = 0; i < 2; i++) f();
  const c0 = process.cpuUsage();
  for (let i = 0; i < reps; i++) f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000 / reps;
};
console.log('shape (H, Cin, Cout)   GFLOP  | forward ms (GFLOP/s): xnnpack  default  F2  F3  F4 | filter grad: default  F2  F3  F4');
for (const [H, ci, co] of SHAPES) {
  const x = tf.randomNormal([64, H, H, ci]);
  const w = tf.randomNormal([3, 3, ci, co]);
  const y = tf.zeros([64, H, H, co]);
  const dw = tf.zeros([3, 3, ci, co]);
  const g = convGeometry(x.shape, w.shape as [number, number, number, number], 1, 'same');
  const [xa, wa, ya, da] = [x, w, y, dw].map((t) => addressOf(be, t));
  const gf = (2 * 64 * H * H * 9 * ci * co) / 1e9;
  const reps = Math.max(2, Math.round(2 / gf));
  const fmt = (ms: number) => `${ms.toFixed(1)} (${(gf / ms * 1000).toFixed(0)})`;
  const xnn = cpu(() => (xnnpack({ inputs: { x, filter: w }, backend: be, attrs: { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 1 } } as never) as tf.TensorInfo & { dataId: object }) && undefined, reps);
  const row = [
    xnn, cpu(() => conv2dInto(be, g, xa, wa, ya), reps), cpu(() => conv2dWinogradInto(be, g, xa, wa, ya, F2), reps), cpu(() => conv2dWinogradInto(be, g, xa, wa, ya, F3), reps), cpu(() => conv2dWinogradInto(be, g, xa, wa, ya, F4), reps),
    cpu(() => filterGradInto(be, g, xa, ya, da), reps), cpu(() => filterGradWinogradInto(be, g, xa, ya, da, F2), reps), cpu(() => filterGradWinogradInto(be, g, xa, ya, da, F3), reps), cpu(() => filterGradWinogradInto(be, g, xa, ya, da, F4), reps),
  ];
  console.log(`${H}×${H} ${ci}→${co}`.padEnd(20), gf.toFixed(3), '|', row.slice(0, 5).map(fmt).join('  '), '|', row.slice(5).map(fmt).join('  '));
  tf.dispose([x, w, y, dw]);
}
