import { Worker } from 'node:worker_threads';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { EngineWorker } from '../../src/client/engine-client';

/**
 * Start workers/testing/node-worker.ts in a worker thread and present it as the client
 * sees a browser Worker: a comlink endpoint that fires 'error' when the thread throws
 * or exits unexpectedly, and can be terminated.
 */
export function startNodeEngineWorker(registry: 'test' | 'all' = 'test'): EngineWorker & { thread: Worker } {
  const thread = new Worker(new URL('./bootstrap.mjs', import.meta.url), {
    workerData: { entry: new URL('./node-worker.ts', import.meta.url).href, registry },
  });
  const endpoint = nodeEndpoint(thread);
  let terminating = false;
  const errorListeners = new Set<(event: { message: string }) => void>();
  thread.on('error', (e) => errorListeners.forEach((l) => l({ message: e.message })));
  thread.on('exit', (code) => {
    if (!terminating) errorListeners.forEach((l) => l({ message: `the worker thread exited with code ${code}` }));
  });
  return {
    thread,
    postMessage: (message, transfer) => endpoint.postMessage(message, transfer),
    addEventListener: (type: string, listener: EventListenerOrEventListenerObject) => {
      if (type === 'error') errorListeners.add(listener as unknown as (event: { message: string }) => void);
      else endpoint.addEventListener(type, listener);
    },
    removeEventListener: (type: string, listener: EventListenerOrEventListenerObject) => {
      if (type === 'error') errorListeners.delete(listener as unknown as (event: { message: string }) => void);
      else endpoint.removeEventListener(type, listener);
    },
    terminate: () => {
      terminating = true;
      void thread.terminate();
    },
  };
}
