// `npx tsx bench/unet-profile.ts [--forward] [--steps N]`: where a U-Net training step (or a
// forward pass) of model/unet's default shape, batch 64, spends its CPU time on tfjs-wasm, per
// kernel. Every wasm kernel is wrapped with process.cpuUsage() (CPU time of this process: blind to
// other processes on a loaded machine, unlike tf.profile's wall-clock kernel times).
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { buildUNet, unetInit } from '../nodes/lib/nn/unet';
import { unetDsmLossAndGrad } from '../nodes/lib/nn/unet-dsm';
import { selectNodeBackend } from '../src/engine/backend-node';
import { benchUNetConfig } from './cases/unet';

const { values } = parseArgs({ options: { forward: { type: 'boolean', default: false }, steps: { type: 'string', default: '2' } } });
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
      const e = byKernel.get(k.kernelName) ?? { ms: 0, calls: 0 };
      byKernel.set(k.kernelName, { ms: e.ms + (c.user + c.system) / 1000, calls: e.calls + 1 });
      return out;
    },
  });
}
const c0 = process.cpuUsage();
for (let i = 0; i < steps; i++) step();
const c = process.cpuUsage(c0);
const total = (c.user + c.system) / 1000 / steps;
console.log(`${values.forward ? 'forward of 64 images' : 'training step, batch 64'}: ${total.toFixed(0)} ms CPU per ${values.forward ? 'pass' : 'step'} (mean of ${steps})`);
for (const [name, { ms, calls }] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20)) {
  console.log(`  ${name.padEnd(28)} ${(ms / steps).toFixed(1).padStart(8)} ms  ${(calls / steps).toFixed(0).padStart(4)} calls  ${((100 * ms) / steps / total).toFixed(1).padStart(5)}%`);
}
tf.dispose([theta, x0, eps]);
net.dispose();
