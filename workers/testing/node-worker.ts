/**
 * The engine worker for Node (unit tests of the protocol, tools): the same
 * EngineService as workers/engine.worker.ts, exposed over worker_threads with comlink's
 * node adapter, on the Node backends (WASM, CPU). Start it with `startNodeEngineWorker`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { selectNodeBackend } from '../../src/engine/backend-node';
import { summarizeOutputs } from '../summary';
import { EngineService } from '../engine-service';
import { nodeBackendInfo } from './node-backend';

const options = workerData as { registry?: 'test' | 'all' };
const service = new EngineService({
  // Loaded on demand: the test registry must not depend on every node type compiling.
  registry: options.registry === 'test' ? (await import('./test-registry')).workerTestRegistry() : (await import('../../nodes')).createRegistry(),
  selectBackend: (request) => nodeBackendInfo(request, selectNodeBackend),
  summarize: (def, outputs) => summarizeOutputs(def, outputs),
  // An uncaught error makes the client replace this worker (its backend is unusable) and say why.
  onFatal: (reason) => {
    throw new Error(reason);
  },
});
expose(service, nodeEndpoint(parentPort!));
