// `npx tsx bench/unet-profile.ts [--forward] [--steps N] [--shapes]`: where a U-Net training step (or a
// forward pass) of model/unet's default shape, batch 64, spends its CPU time on tfjs-wasm, per
// kernel. Every wasm kernel is wrapped with process.cpuUsage() (CPU time of this process: blind to
// other processes on a loaded machine, unlike tf.profile's wall-clock kernel times). --shapes lists
// the convolution kernels per input and filter shape, with GFLOP/s of the direct convolution's FLOPs.
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { buildUNet, unetInit } from '../nodes/lib/nn/unet';
import { unetDsmLossAndGrad } from '../nodes/lib/nn/unet-dsm';
import { selectNodeBackend } from '../src/engine/backend-node';
import { benchUNetConfig } from './cases/unet';

const { values } = parseArgs({ options: { forward: { type: 'boolean', default: false }, shapes: { type: 'boolean', default: false }, steps: { type: 'string', default: '2' } } });
const steps = Number(values.steps);
await selectNodeBackend('wasm');
const config = benchUNetConfig();
const B = 64;
const d = config.height * config.width * config.channels;
const theta = unetInit(config, 0);
const net = buildUNet(config, unetInit(config, 1));
const [x0, eps] = [tf.randomUniform([B, d], -1, 1) as tf.Tensor2D, tf.randomNormal([B, d]) as tf.Tensor2D];
const xT = tf.reshape(eps, [B, config.height, config.width, config.channels]) as tf.Tensor4D;
const sigmas = Float32Array.from({ length: B }, (_, i) => 0.01 + 0.5 * i);
const train = () => tf.dispose(Object.values(unetDsmLossAndGrad(config, theta, { x0, eps, sigmas }, 'eps', 'uniform')));
const forward = () => net.apply(xT, 3).dispose();
const step = values.forward ? forward : train;
for (let i = 0; i < 3; i++) step(); // warm-up: V8 tiers the kernels up

const byKernel = new Map<string, { ms: number; calls: number }>();
for (const k of tf.getKernelsForBackend('wasm')) {
  const f = k.kernelFunc;
  tf.unregisterKernel(k.kernelName, 'wasm');
  tf.registerKernel({
    ...k,
    kernelFunc: (args) => {
      const c0 = process.cpuUsage();
      const out = f(args);
      const c = process.cpuUsage(c0);
      const key = values.shapes && k.kernelName.includes('Conv2D') ? `${k.kernelName} ${convLabel(args)}` : k.kernelName;
      const e = byKernel.get(key) ?? { ms: 0, calls: 0 };
      byKernel.set(key, { ms: e.ms + (c.user + c.system) / 1000, calls: e.calls + 1 });
      return out;
    },
  });
}
/** A conv kernel's call as `x [N,H,W,C] f [k,k,Ci,Co] /stride` (x: the input or, for the input gradient, its shape). */
function convLabel(args: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap }): string {
  const { x, filter, dy } = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const a = args.attrs as { strides: number | number[]; inputShape?: number[]; filterShape?: number[] };
  const xShape = x?.shape ?? a.inputShape!;
  const f = filter?.shape ?? a.filterShape!;
  const stride = [a.strides].flat()[0];
  const out = dy?.shape ?? [xShape[0], Math.ceil(xShape[1] / stride), Math.ceil(xShape[2] / stride)];
  flops.set(`${xShape}|${f}|${stride}`, (2 * out[0] * out[1] * out[2] * f[0] * f[1] * f[2] * f[3]) / 1e9);
  return `x [${xShape}] f [${f}] /${stride}`;
}
const flops = new Map<string, number>();
const c0 = process.cpuUsage();
for (let i = 0; i < steps; i++) step();
const c = process.cpuUsage(c0);
const total = (c.user + c.system) / 1000 / steps;
console.log(`${values.forward ? 'forward of 64 images' : 'training step, batch 64'}: ${total.toFixed(0)} ms CPU per ${values.forward ? 'pass' : 'step'} (mean of ${steps})`);
for (const [name, { ms, calls }] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, values.shapes ? 60 : 20)) {
  const m = /x \[([\d,]+)\] f \[([\d,]+)\] \/(\d+)/.exec(name);
  const rate = m ? `  ${((flops.get(`${m[1]}|${m[2]}|${m[3]}`)! * calls) / (ms / 1000)).toFixed(0).padStart(4)} GFLOP/s` : '';
  console.log(`  ${name.padEnd(values.shapes ? 58 : 28)} ${(ms / steps).toFixed(1).padStart(8)} ms  ${(calls / steps).toFixed(0).padStart(4)} calls  ${((100 * ms) / steps / total).toFixed(1).padStart(5)}%${rate}`);
}
tf.dispose([theta, x0, eps]);
net.dispose();
