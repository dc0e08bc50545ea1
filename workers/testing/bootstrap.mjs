// Starts a TypeScript worker_threads entry through tsx (Node tests only): a worker's
// own `--import tsx` does not apply to its entry module on Node 20.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
