import type { EngineApi } from '../src/engine/api';

/**
 * Every method of the worker API, by name: `satisfies` makes a method added to EngineApi
 * and missing here (or one here that EngineApi lacks) a type error.
 */
const METHODS = { init: true, run: true, cancel: true, clearCache: true, memory: true, expand: true, estimate: true } satisfies Record<keyof EngineApi, true>;

/**
 * The worker API with the engine loaded on the first call. The worker thread starts with
 * the page (src/main.tsx) but runs only this and comlink; tfjs, its backends, the WASM
 * binaries and the node registry (engine-main.ts, ~3.5 MB) load when the page first asks
 * for something (the backend's init, right after the editor's first render). Loading them
 * at once had them compete with the editor's own start for the CPU: on the shared 2-core
 * machine the canvas was usable ~3.7 s later (bench/README.md, cold load).
 * A failed load fails every call with its error, as a failed start did before.
 */
export function deferredEngine(load: () => Promise<EngineApi>): EngineApi {
  let engine: Promise<EngineApi> | undefined;
  const forward =
    (name: keyof EngineApi) =>
    async (...args: unknown[]): Promise<unknown> => {
      const e = await (engine ??= load());
      return (e[name] as (...a: unknown[]) => Promise<unknown>).apply(e, args);
    };
  return Object.fromEntries(Object.keys(METHODS).map((name) => [name, forward(name as keyof EngineApi)])) as unknown as EngineApi;
}
