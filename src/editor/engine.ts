import { EngineClient } from '../client/engine-client';
import { useRun } from './store/run';
import { showToast } from './store/ui';

/**
 * The one place the editor reaches the engine: the worker client of src/client. The
 * editor never imports the executor; everything goes through the worker API.
 */
let client: EngineClient | null = null;

export function getEngine(): EngineClient {
  client ??= EngineClient.create({
    onRestart: (reason) => showToast(`The engine restarted: ${reason}`, 'error', undefined, 8000),
    onStatus: (status) => {
      if (status.state === 'ready') useRun.setState({ backend: status.backend, backendError: null });
      else if (status.state === 'failed') useRun.setState({ backendError: status.reason });
    },
  });
  return client;
}
