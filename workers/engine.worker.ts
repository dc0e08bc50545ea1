/**
 * The engine worker (DESIGN.md, "Worker and backends"): the EngineService exposed with
 * comlink. Created by src/client/engine-client.ts the Vite way:
 * `new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module' })`.
 * It starts small: the engine itself (engine-main.ts) loads on the first call.
 */
import { expose } from 'comlink';
import { deferredEngine } from './deferred-engine';

expose(deferredEngine(() => import('./engine-main').then((m) => m.service)));
