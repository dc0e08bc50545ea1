import type { BackendInfo, BackendRequest } from '../../engine/api';
import { getEngine } from '../engine';
import { useRun } from '../store/run';

let ready: Promise<BackendInfo> | null = null;

/** Start (or switch) the engine's backend; the toolbar shows what runs and why. */
export function initBackend(request: BackendRequest): Promise<BackendInfo> {
  useRun.setState({ backendRequest: request, backendError: null });
  const attempt = getEngine().init(request);
  ready = attempt;
  attempt.then(
    (backend) => ready === attempt && useRun.setState({ backend }),
    (e: Error) => ready === attempt && useRun.setState({ backend: null, backendError: e.message }),
  );
  return attempt;
}

/** The backend in use, started with the toolbar's choice if it was not yet. */
export function backendReady(): Promise<BackendInfo> {
  return ready ?? initBackend(useRun.getState().backendRequest);
}
