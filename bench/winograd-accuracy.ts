import * as tf from '@tensorflow/tfjs';
import '../nodes/lib/nn/conv-kernels';
import { selectNodeBackend } from '../src/engine/backend-node';
import { addressOf, wasmBackend } from '../nodes/lib/wasm/backend';
import { caseData, caseTensors, float64Sums, relDiff, type ConvCase } from '../nodes/lib/nn/conv-testing';
import { conv2dWinogradInto, filterGradWinogradInto } from '../nodes/lib/nn/winograd-conv';
import { conv2dInto } from '../nodes/lib/nn/conv-forward-kernel';
import { filterGradInto } from '../nodes/lib/nn/conv-filter-grad-kernel';
import { F2, F3, F4 } from '../nodes/lib/nn/winograd-matrices';
await selectNodeBackend('wasm');
const be = wasmBackend()!;
const cases: ConvCase[] = [
  { x: [2, 4, 10, 20], f: [3, 3, 20, 36], s: 1, pad: 1 },
  { x: [5, 14, 14, 32], f: [3, 3, 32, 16], s: 1, pad: 'same' },
  { x: [4, 7, 7, 128], f: [3, 3, 128, 64], s: 1, pad: 'same' },
  { x: [2, 28, 28, 96], f: [3, 3, 96, 32], s: 1, pad: 'same' },
];
for (const c of cases) {
  const d = caseData(c); const t = caseTensors(c); const ref = float64Sums(c);
  const [x, w, r] = [t.x, t.w, t.r].map((u) => addressOf(be, u));
  const res: string[] = [];
  for (const [name, f] of [['direct', (o: number) => conv2dInto(be, d.g, x, w, o)], ['F2', (o: number) => conv2dWinogradInto(be, d.g, x, w, o, F2)], ['F3', (o: number) => conv2dWinogradInto(be, d.g, x, w, o, F3)], ['F4', (o: number) => conv2dWinogradInto(be, d.g, x, w, o, F4)]] as const) {
    const y = tf.zeros(d.rShape); f(addressOf(be, y)); res.push(`${name} y ${relDiff(y.dataSync(), ref.y).toExponential(2)}`); y.dispose();
  }
  for (const [name, f] of [['direct', (o: number) => filterGradInto(be, d.g, x, r, o)], ['F2', (o: number) => filterGradWinogradInto(be, d.g, x, r, o, F2)], ['F3', (o: number) => filterGradWinogradInto(be, d.g, x, r, o, F3)], ['F4', (o: number) => filterGradWinogradInto(be, d.g, x, r, o, F4)]] as const) {
    const y = tf.zeros(c.f); f(addressOf(be, y)); res.push(`${name} dw ${relDiff(y.dataSync(), ref.dw).toExponential(2)}`); y.dispose();
  }
  console.log(JSON.stringify(c.x), JSON.stringify(c.f), res.join(', '));
}
