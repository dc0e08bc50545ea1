import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';

const MAX_NUMBERS = 1 << 20;

export default defineNode({
  type: 'data/tensor',
  version: 1,
  title: 'Tensor literal',
  category: 'data',
  inputs: {},
  outputs: { x: 'tensor' },
  params: z.object({
    values: z
      .array(z.array(z.number().min(-1e10).max(1e10)).min(1).max(4096))
      .min(1)
      .max(10_000)
      .default([[0, 0]])
      .describe('the points, one row of d numbers each (all rows the same length)'),
  }),
  mainParams: ['values'],
  docs: {
    summary: 'A small [n, d] tensor typed in by hand: a few probe points, a starting state, a test input.',
    equation: String.raw`x = [x^{(1)}; \dots; x^{(n)}] \in \mathbb{R}^{n \times d}`,
    reference: 'numpy.array(values, dtype=float32): one row per point',
    notes: 'At most 10,000 rows, 4096 columns and 2^20 numbers in all; each value within ±1e10 (beyond it the numerical guards call a value blown up).',
  },
  run: (_inputs, p) => {
    const rows = p.values;
    const d = rows[0].length;
    if (rows.length * d > MAX_NUMBERS) throw new NodeRunError(`values holds ${rows.length}×${d} numbers; at most ${MAX_NUMBERS} are allowed`);
    const flat = new Float32Array(rows.length * d);
    rows.forEach((row, i) => {
      if (row.length !== d) throw new NodeRunError(`values[${i}] has ${row.length} numbers, values[0] has ${d}`);
      row.forEach((v, j) => {
        if (!Number.isFinite(v)) throw new NodeRunError(`values[${i}][${j}] is not a finite number`);
        flat[i * d + j] = v;
      });
    });
    return { x: tf.tensor2d(flat, [rows.length, d]) };
  },
});
