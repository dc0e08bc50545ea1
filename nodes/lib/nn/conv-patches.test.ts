import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { addressOf, wasmBackend } from '../wasm/backend';
import { packPatches } from './conv-filter-grad-kernel';
import { scatterPatches } from './conv-input-grad-kernel';
import { caseData, caseLabel, CONV_CASES, patchSources, values, type ConvCase } from './conv-testing';

/** Cases beyond CONV_CASES: chunks that start and end inside an output row, wide strides, padding wider than the filter reaches. */
const EXTRA: ConvCase[] = [
  { x: [2, 9, 11, 4], f: [3, 3, 4, 4], s: 3, pad: 'same' },
  { x: [1, 6, 6, 8], f: [3, 3, 8, 4], s: 2, pad: [[0, 0], [3, 0], [0, 3], [0, 0]] },
];

describe.runIf(wasmBackend() !== null)('im2col by strided runs (packPatches, scatterPatches)', () => {
  it('packs and scatters exactly as the entry-by-entry reference (patchSources), chunk by chunk', async () => {
    const be = wasmBackend()!;
    for (const c of [...CONV_CASES, ...EXTRA]) {
      const { g } = caseData(c);
      const k2 = g.fh * g.fw * g.inC;
      const positions = g.batch * g.outH * g.outW;
      const x = tf.tensor1d(values(g.batch * g.inH * g.inW * g.inC, 3));
      const patches = tf.tensor1d(values(positions * k2, 4));
      for (const chunk of [positions, 5, 1]) {
        const packed = tf.fill([positions * k2], 7);
        const dx = tf.zeros([g.batch * g.inH * g.inW * g.inC]);
        for (let p0 = 0; p0 < positions; p0 += chunk) {
          const count = Math.min(chunk, positions - p0);
          packPatches(be, g, addressOf(be, x) / 4, p0, count, addressOf(be, packed) / 4 + p0 * k2);
          scatterPatches(be, g, addressOf(be, patches) / 4 + p0 * k2, p0, count, addressOf(be, dx) / 4);
        }
        const [xv, pv] = [x.dataSync(), patches.dataSync()];
        const wantPacked = new Float32Array(positions * k2);
        const wantDx = new Float64Array(dx.size);
        patchSources(g, 0, positions).forEach((source, i) => {
          for (let ci = 0; ci < g.inC; ci++) {
            if (source >= 0) wantPacked[i * g.inC + ci] = xv[source + ci];
            if (source >= 0) wantDx[source + ci] += pv[i * g.inC + ci];
          }
        });
        expect(Array.from(packed.dataSync()), `${caseLabel(c)} chunk ${chunk}`).toEqual(Array.from(wantPacked));
        // Sums of up to fh·fw terms in another order: float32 rounding.
        const got = dx.dataSync();
        wantDx.forEach((w, i) => expect(Math.abs(got[i] - w), `${caseLabel(c)} chunk ${chunk} dx ${i}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(w))));
        tf.dispose([packed, dx]);
      }
      tf.dispose([x, patches]);
    }
  });
});
