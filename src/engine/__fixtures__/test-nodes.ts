import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { NodeRunError } from '../context';
import { paramsMigration } from '../migrations';
import { defineNode } from '../node';
import { NodeRegistry } from '../registry';

/** Small node types for engine tests: they exercise the contract, not the math. */
export const constant = defineNode({
  type: 'test/constant', version: 2, title: 'Constant', category: 'data',
  inputs: {}, outputs: { x: 'tensor' },
  params: z.object({ value: z.number().default(1), n: z.number().int().min(1).max(100).default(3) }),
  migrate: paramsMigration([{ from: 1, name: 'v renamed value (default 1)', up: ({ v, ...rest }) => ({ ...rest, value: v ?? 1 }) }]),
  docs: { summary: 'a constant column' },
  run: (_i, p) => ({ x: tf.fill([p.n, 1], p.value) }),
});

export const noise = defineNode({
  type: 'test/noise', version: 1, title: 'Noise', category: 'noise',
  inputs: {}, outputs: { x: 'tensor' },
  params: z.object({ n: z.number().int().min(1).max(1000).default(3), seed: z.number().int().default(0) }),
  docs: { summary: 'seeded noise' },
  run: (_i, p, ctx) => ({ x: tf.randomNormal([p.n, 1], 0, 1, 'float32', ctx.seed) }),
});

export const add = defineNode({
  type: 'test/add', version: 1, title: 'Add', category: 'forward',
  inputs: { a: 'tensor', b: { type: 'tensor', optional: true } }, outputs: { y: 'tensor', total: 'number' },
  params: z.object({ offset: z.number().default(0) }),
  docs: { summary: 'a + b + offset' },
  run: async (i, p) => {
    const y = tf.tidy(() => tf.add(tf.add(i.a as tf.Tensor, (i.b as tf.Tensor | undefined) ?? 0), p.offset));
    const sum = tf.sum(y);
    const total = (await sum.data())[0];
    sum.dispose();
    return { y, total };
  },
});

export const fail = defineNode({
  type: 'test/fail', version: 1, title: 'Fail', category: 'metric',
  inputs: { x: 'tensor' }, outputs: { y: 'tensor' },
  params: z.object({ mode: z.enum(['throw', 'nan', 'leak-then-throw']).default('throw') }),
  docs: { summary: 'fails on purpose' },
  run: (i, p) => {
    if (p.mode === 'nan') return { y: tf.div(i.x as tf.Tensor, 0).mul(0) };
    if (p.mode === 'leak-then-throw') tf.ones([10, 10]);
    throw new NodeRunError('this node always fails', 'x');
  },
});

export const slow = defineNode({
  type: 'test/slow', version: 1, title: 'Slow loop', category: 'sampler',
  inputs: { x: 'tensor' }, outputs: { y: 'tensor' },
  params: z.object({ steps: z.number().int().min(1).max(100000).default(200) }),
  docs: { summary: 'a long loop that checks for cancel' },
  run: async (i, p, ctx) => {
    let x = tf.clone(i.x as tf.Tensor);
    for (let k = 0; k < p.steps; k++) {
      const next = tf.add(x, 1);
      x.dispose();
      x = next;
      ctx.progress(k / p.steps);
      await ctx.checkpoint(); // on cancel, x is left undisposed: the executor's scope must free it
    }
    return { y: x };
  },
});

export const sched = defineNode({
  type: 'test/schedule', version: 1, title: 'Schedule', category: 'schedule',
  inputs: {}, outputs: { schedule: 'schedule' },
  params: z.object({}), docs: { summary: 'not a tensor' },
  run: () => ({ schedule: { name: 'test' } }),
});

export const inc = defineNode({
  type: 'test/inc', version: 1, title: 'Increment', category: 'step',
  inputs: { x: 'tensor', by: { type: 'number', optional: true } }, outputs: { y: 'tensor' },
  params: z.object({ fail: z.boolean().default(false) }),
  docs: { summary: 'x + by (default 1)' },
  run: (i, p) => {
    if (p.fail) throw new NodeRunError('increment refused', 'x');
    return { y: tf.add(i.x as tf.Tensor, (i.by as number | undefined) ?? 1) };
  },
});

/** A loop that feeds x and the pass index k to its body `passes` times. */
export const repeat = defineNode({
  type: 'test/repeat', version: 1, title: 'Repeat', category: 'loop',
  inputs: { x: 'tensor' }, outputs: { x: 'tensor' },
  params: z.object({ passes: z.number().int().min(1).max(100000).default(5) }),
  body: { provides: { x: 'tensor', k: 'number' }, returns: 'tensor' },
  docs: { summary: 'repeats its body' },
  run: async (i, p, ctx) => {
    let x = tf.clone(i.x as tf.Tensor);
    for (let k = 0; k < p.passes; k++) {
      const next = (await ctx.body!.run({ x, k }, ctx.seed)) as tf.Tensor;
      x.dispose();
      x = next;
      await ctx.checkpoint();
      ctx.progress((k + 1) / p.passes);
    }
    return { x };
  },
});

/** A "training" node whose result persists: counts its real runs in `trainer.runs`. */
export const trainer = Object.assign(
  defineNode({
    type: 'test/train', version: 1, title: 'Train', category: 'train',
    inputs: { x: 'tensor' }, outputs: { w: 'tensor' },
    params: z.object({ steps: z.number().int().default(3) }),
    docs: { summary: 'sums its input steps times' },
    run: (i, p) => {
      trainer.runs++;
      return { w: tf.mul(i.x as tf.Tensor, p.steps) };
    },
    persist: {
      save: async (o) => {
        const w = o.w as tf.Tensor;
        return { tensors: { w: { shape: w.shape, data: (await w.data()) as Float32Array } }, config: { kind: 'test' } };
      },
      restore: (stored) => {
        if (stored.config.kind !== 'test') throw new Error('not mine');
        return { w: tf.tensor(stored.tensors.w.data, stored.tensors.w.shape) };
      },
    },
  }),
  { runs: 0 },
);

export function testRegistry(): NodeRegistry {
  return new NodeRegistry([constant, noise, add, fail, slow, sched, inc, repeat, trainer]);
}
