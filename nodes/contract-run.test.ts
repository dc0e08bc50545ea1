import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { AnyNodeDef, Values } from '../src/engine/node';
import type { Schedule } from '../src/engine/values';
import { samplerProblems, scheduleProblems } from './contract-rules';
import { allNodeDefs } from './index';

/**
 * Runs every registered schedule and sampler through the checks their kind owes
 * (contract-rules.ts; the registry is walked: a new schedule or sampler joins by being
 * registered), and shows on throwaway definitions that the checks refuse one that breaks them.
 * Static rules: contract.test.ts; sample quality and SDE consistency: contract-samplers.test.ts.
 */

const schedules = allNodeDefs.filter((d) => d.category === 'schedule');
const samplers = allNodeDefs.filter((d) => d.category === 'sampler');
const def = (type: string) => allNodeDefs.find((d) => d.type === type)!;

describe.each(schedules.map((d) => [d.type, d] as const))('schedule %s (defaults)', (_type, d) => {
  it('is the path its capabilities declare, with the SDE f = d log a/dt, g² = d(s²)/dt − 2 f s², and σ(t) inverted by tOfSigma', async () => {
    expect(await scheduleProblems(d)).toEqual([]);
  });
});

describe.each(samplers.map((d) => [d.type, d] as const))('sampler %s (defaults)', (_type, d) => {
  it('is deterministic given the seed, finite, seed-free when it declares no noise, leaks nothing, and cancels cleanly', async () => {
    expect(await samplerProblems(d)).toEqual([]);
  });
});

describe('a new schedule or sampler that breaks its checks fails by itself (throwaway definitions)', () => {
  const linear = def('schedule/linear');
  /** schedule/linear with one of its functions replaced. */
  const bentSchedule = (change: Partial<Schedule>): AnyNodeDef => ({
    ...linear,
    run: async (inputs: Values, p: Record<string, unknown>, ctx: Parameters<AnyNodeDef['run']>[2]) => {
      const { schedule } = (await linear.run(inputs as never, p as never, ctx)) as { schedule: Schedule };
      return { schedule: Object.assign(Object.create(schedule) as Schedule, change) };
    },
  }) as AnyNodeDef;

  it('a schedule whose drift f is not d log a/dt, or whose capabilities say another family', async () => {
    expect((await scheduleProblems(bentSchedule({}))).join('\n')).toBe('');
    const linearF = (await linear.run({} as never, linear.params.parse({}) as never, {} as never)) as { schedule: Schedule };
    expect((await scheduleProblems(bentSchedule({ f: (t) => 2 * linearF.schedule.f(t) }))).join('\n')).toMatch(/^f\(0\.1234567\) = .*, d log a\/dt = /m);
    expect((await scheduleProblems({ ...linear, schedule: { ...linear.schedule!, family: 've' } } as AnyNodeDef)).join('\n')).toMatch(/family vp, declared ve/);
  });

  const ddim = def('sampler/ddim');
  const ddpm = def('sampler/ddpm');
  type Ctx = Parameters<AnyNodeDef['run']>[2];
  const wrap = (base: AnyNodeDef, run: (inputs: Values, p: Record<string, unknown>, ctx: Ctx) => Values | Promise<Values>, changes: Partial<AnyNodeDef> = {}) => ({ ...base, ...changes, run }) as AnyNodeDef;

  it('a sampler that leaks a tensor', async () => {
    const leaky = wrap(ddim, async (i, p, ctx) => {
      tf.ones([3]); // never disposed
      return ddim.run(i as never, p as never, ctx);
    });
    expect((await samplerProblems(leaky)).join('\n')).toMatch(/a run left \d+ tensors behind/);
  });

  it('a sampler that does not stop when cancelled', async () => {
    const deaf = wrap(ddim, (i, p, ctx) => ddim.run(i as never, p as never, { ...ctx, signal: new AbortController().signal, checkpoint: async () => undefined }));
    expect((await samplerProblems(deaf)).join('\n')).toMatch(/aborted at 30%, it finished instead of stopping with CancelledError/);
  });

  it('a sampler that draws noise but declares none, or draws it from outside its seed', async () => {
    const undeclared = wrap(ddpm, (i, p, ctx) => ddpm.run(i as never, p as never, ctx), { sampler: { ...ddpm.sampler!, stochastic: false } });
    expect((await samplerProblems(undeclared)).join('\n')).toMatch(/declares no noise, yet the seed changed its numbers/);
    const unseeded = wrap(ddpm, (i, p, ctx) => ddpm.run(i as never, p as never, { ...ctx, seed: Math.floor(Math.random() * 2 ** 31) }));
    expect((await samplerProblems(unseeded)).join('\n')).toMatch(/the same seed gave different numbers/);
  });
});
