import { describe, expect, it } from 'vitest';
import type { EngineApi } from '../src/engine/api';
import { deferredEngine } from './deferred-engine';

/** An engine that records its calls and answers with `this` and the arguments it got. */
function recordingEngine(calls: string[]): EngineApi {
  const engine = {} as Record<string, unknown>;
  for (const name of ['init', 'run', 'cancel', 'clearCache', 'memory', 'expand', 'estimate'])
    engine[name] = async function (this: unknown, ...args: unknown[]) {
      calls.push(name);
      return { self: this, args };
    };
  return engine as unknown as EngineApi;
}

describe('deferred engine', () => {
  it('loads the engine on the first call, once, and forwards every method with its arguments', async () => {
    const calls: string[] = [];
    let loads = 0;
    const real = recordingEngine(calls);
    const api = deferredEngine(async () => {
      loads++;
      return real;
    });
    expect(Object.keys(api).sort()).toEqual(['cancel', 'clearCache', 'estimate', 'expand', 'init', 'memory', 'run']);
    expect(loads).toBe(0);
    const onEvent = () => undefined;
    const [a, b] = await Promise.all([api.init({ backend: 'wasm' } as never), api.run({ runId: 'r' } as never, onEvent)]);
    expect(loads).toBe(1);
    expect(a).toEqual({ self: real, args: [{ backend: 'wasm' }] });
    expect((b as unknown as { args: unknown[] }).args[1]).toBe(onEvent);
    await api.memory();
    expect(loads).toBe(1);
    expect(calls).toEqual(['init', 'run', 'memory']);
  });

  it('fails every call with the error of a failed load', async () => {
    const api = deferredEngine(() => Promise.reject(new Error('chunk engine-main failed to load')));
    await expect(api.init({} as never)).rejects.toThrow('chunk engine-main failed to load');
    await expect(api.memory()).rejects.toThrow('chunk engine-main failed to load');
  });
});
